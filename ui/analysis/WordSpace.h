#pragma once
// The current data set's words as the analysis controllers use them: the rows seen as unit
// vectors and a word lookup with spelling suggestions. Built once per data set; shared with the
// controllers' jobs (it keeps the data set alive while a job still reads it).
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

#include "analysis/UnitRows.h"
#include "analysis/WordLookup.h"
#include "io/Dataset.h"

namespace embedscope::ui {

class WordSpace {
public:
    /// O(N·D): the rows' norms.
    explicit WordSpace(std::shared_ptr<const Dataset> data)
        : m_data(std::move(data)), m_rows(m_data->embedding), m_lookup(m_data->embedding) {}

    /// The words of this data set, built once and shared by every controller that asks while
    /// one of them still holds it (GUI thread only).
    static std::shared_ptr<const WordSpace> of(const std::shared_ptr<const Dataset>& data);

    const std::shared_ptr<const Dataset>& dataset() const { return m_data; }
    const UnitRows& rows() const { return m_rows; }
    const WordLookup& lookup() const { return m_lookup; }
    QString label(std::size_t row) const {
        return QString::fromStdString(m_data->embedding.label(row));
    }

    /// The row of word (trimmed), or nothing with *error = "unknown word 'kign' (did you mean
    /// 'king'?)" / "empty word".
    std::optional<std::size_t> row(const QString& word, QString* error) const;

private:
    std::shared_ptr<const Dataset> m_data;
    UnitRows m_rows;
    WordLookup m_lookup;
};

/// Words typed in a field: separated by commas or white space, empty pieces dropped.
QStringList splitWords(const QString& text);

/// A folder of shipped word lists ("bias", "weat"): next to an installed binary
/// (../share/embedscope/<folder>) or, in a build tree, the source's resources/<folder>.
QString analysisResourceDirectory(const QString& folder);

}  // namespace embedscope::ui
