#include "LegendActor.h"

#include <vtkLookupTable.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>
#include <vtkVariant.h>
#include <algorithm>

#include "ScatterScene.h"

namespace embedscope::ui {

namespace {
constexpr double kDarkText[3] = {0.15, 0.15, 0.15};
}

vtkSmartPointer<vtkScalarBarActor> makeLegendActor() {
    auto actor = vtkSmartPointer<vtkScalarBarActor>::New();
    actor->SetOrientationToVertical();
    actor->SetPosition(0.88, 0.1);
    actor->SetWidth(0.1);
    actor->SetHeight(0.8);
    actor->SetMaximumWidthInPixels(140);
    actor->SetBarRatio(0.2);
    // Fixed font sizes: the default scales text with the bar and the title becomes huge.
    actor->UnconstrainedFontSizeOn();
    actor->GetTitleTextProperty()->SetFontSize(15);
    actor->GetTitleTextProperty()->BoldOn();
    actor->GetLabelTextProperty()->SetFontSize(12);
    actor->GetAnnotationTextProperty()->SetFontSize(12);
    actor->GetTitleTextProperty()->SetColor(kDarkText[0], kDarkText[1], kDarkText[2]);
    actor->GetLabelTextProperty()->SetColor(kDarkText[0], kDarkText[1], kDarkText[2]);
    actor->GetAnnotationTextProperty()->SetColor(kDarkText[0], kDarkText[1], kDarkText[2]);
    actor->GetTitleTextProperty()->ShadowOff();
    actor->GetLabelTextProperty()->ShadowOff();
    actor->GetAnnotationTextProperty()->ShadowOff();
    actor->GetTitleTextProperty()->ItalicOff();
    actor->GetLabelTextProperty()->ItalicOff();
    actor->GetAnnotationTextProperty()->ItalicOff();
    actor->VisibilityOff();
    return actor;
}

void applyLegend(vtkScalarBarActor* actor, const Legend& legend) {
    if (legend.empty()) {
        actor->VisibilityOff();
        return;
    }
    auto table = vtkSmartPointer<vtkLookupTable>::New();
    if (legend.continuous) {
        table->SetNumberOfTableValues(static_cast<vtkIdType>(legend.colours.size()));
        for (std::size_t i = 0; i < legend.colours.size(); ++i)
            table->SetTableValue(static_cast<vtkIdType>(i), legend.colours[i][0] / 255.0,
                                 legend.colours[i][1] / 255.0, legend.colours[i][2] / 255.0, 1.0);
        table->SetRange(legend.min, legend.max);
        table->IndexedLookupOff();
        actor->SetNumberOfLabels(5);
        actor->DrawAnnotationsOff();
        actor->SetHeight(0.5);
    } else {
        const auto k = static_cast<vtkIdType>(legend.categories.size());
        table->SetNumberOfTableValues(k);
        for (vtkIdType i = 0; i < k; ++i) {
            const Rgba& c = legend.colours[static_cast<std::size_t>(i)];
            table->SetTableValue(i, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, 1.0);
            table->SetAnnotation(vtkVariant(i), legend.categories[static_cast<int>(i)].toStdString());
        }
        table->IndexedLookupOn();
        actor->DrawAnnotationsOn();
        // A short list needs a short bar: about 28 pixels a category.
        actor->SetHeight(std::min(0.8, 0.05 + 0.045 * static_cast<double>(k)));
    }
    table->Build();
    actor->SetLookupTable(table);
    actor->SetTitle(legend.title.toStdString().c_str());
    actor->VisibilityOn();
}

void placeLegend(vtkScalarBarActor* actor, QSize widget, double stripWidth) {
    if (widget.isEmpty()) return;
    // Normalised display coordinates of the whole window: the strip starts stripWidth from the
    // right edge; categories hang from the top, a ramp sits in the upper half.
    // Annotations reach about 20 pixels left of the actor's box: keep them off the plot.
    const double x = std::max(0.0, 1.0 - (stripWidth - 30) / widget.width());
    actor->SetWidth(std::min(1.0, (stripWidth - 40) / widget.width()));
    actor->SetPosition(x, std::max(0.02, 0.95 - actor->GetHeight()));
}

}  // namespace embedscope::ui
