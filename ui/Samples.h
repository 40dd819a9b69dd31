#pragma once
// The bundled sample data sets (resources/samples) and where to find them at run time.
#include <QList>
#include <QString>

#include "io/Dataset.h"

namespace embedscope::ui {

struct Sample {
    QString id;           ///< "words", "digits"
    QString title;        ///< "Digits (1797 × 64, UCI, CC BY 4.0)"
    QString vectorsPath;  ///< absolute
    LoadOptions options;  ///< metadata file etc.
};

/// The samples found on disk: next to the installed binary (../share/embedscope/samples) or, in a
/// build tree, in the source's resources/samples.
QList<Sample> bundledSamples();
/// The index of the sample with this id in bundledSamples(), or -1.
int sampleIndex(const QString& id);

/// The folder the samples are taken from (with their *.LICENSE files), as bundledSamples() finds
/// it.
QString bundledSamplesDirectory();

/// Whether path lies in that folder (samples stay out of the recent files).
bool isBundledSample(const QString& path);

}  // namespace embedscope::ui
