// Must NOT compile: the core has no VTK on its include path.
#include <vtkPolyData.h>
#include "Embedding.h"
