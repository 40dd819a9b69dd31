// Must NOT compile: the core has no Qt on its include path.
#include <QString>
#include "Embedding.h"
