#pragma once
// Loads the bundled word sample (word2vec vectors of the State of the Union addresses, 10,000
// words) into a workspace for the analysis controller tests.
#include <QSignalSpy>
#include <QTest>

#include "Samples.h"
#include "Workspace.h"

namespace embedscope::ui {

inline QString wordSamplePath() {
    return bundledSamplesDirectory() + QStringLiteral("/sotu-words.bin");
}

/// Loads the sample; false when it is not there or does not load within 10 s.
inline bool loadWordSample(Workspace& ws) {
    QSignalSpy changed(&ws, &Workspace::datasetChanged);
    ws.load(wordSamplePath());
    return changed.wait(10000);
}

}  // namespace embedscope::ui
