#pragma once
/// Words to rows, with a close-spelling suggestion when a word is not in the vocabulary.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../Embedding.h"

namespace embedscope {

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) on bytes, or
/// limit + 1 as soon as the distance is known to exceed limit (so most vocabulary words cost a
/// few operations only).
std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit);

/// Keeps a reference to the embedding: it must outlive the lookup.
class WordLookup {
public:
    explicit WordLookup(const Embedding& embedding) : m_embedding(embedding) {}

    /// The first row labelled word, if any.
    std::optional<std::size_t> find(std::string_view word) const { return m_embedding.find(word); }
    /// The row of word. Throws Error "unknown word 'kign' (did you mean 'king'?)" when it is
    /// missing, or "empty word" for an empty one.
    std::size_t row(std::string_view word) const;
    /// The closest vocabulary word: the same word in another letter case first, else the smallest
    /// edit distance up to max(1, min(3, length / 3)), ties to the lower row (the more frequent
    /// word in frequency-ordered files). About 0.1 s for 400 000 words.
    std::optional<std::string> suggest(std::string_view word) const;
    /// The words of the list that are not in the vocabulary, in list order.
    std::vector<std::string> missing(const std::vector<std::string>& words) const;
    /// "unknown word 'x'" plus " (did you mean 'y'?)" when there is a suggestion.
    std::string unknownMessage(std::string_view word) const;

    const Embedding& embedding() const { return m_embedding; }

private:
    const Embedding& m_embedding;
};

}  // namespace embedscope
