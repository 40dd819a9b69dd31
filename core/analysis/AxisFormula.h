#pragma once
/// Formulas of words that define a direction: "king - man + woman",
/// "avg(he, him, his) - avg(she, her, hers)", "0.5 * rich + 0.5 * wealthy - poor".
///
/// Grammar (ASCII spaces and tabs separate tokens and are otherwise ignored):
///     sum    := ['+' | '-'] term (('+' | '-') term)*
///     term   := [NUMBER '*'] atom
///     atom   := WORD | '"' any bytes but '"' '"' | ('avg' | 'mean') '(' sum (',' sum)* ')' | '('
///     sum ')'
/// A WORD is a run of bytes other than spaces, tabs and + * ( ) , " — a '-' between two such bytes
/// belongs to the word ("e-mail", "short-term"): write "king - man" with spaces to subtract. A
/// NUMBER is a word that reads as a decimal number and is followed by '*'; otherwise "1990" is a
/// word. The formula is linear, so it is kept as a flat list of (word, weight) terms: avg(a, b) - c
/// is a: 0.5, b: 0.5, c: −1.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "../Error.h"

namespace embedscope {

/// A formula that does not parse, or names a word the vocabulary lacks. what() reads
/// "column 9: expected a word after '-'"; position() and length() mark the bad token's bytes.
class FormulaError : public Error {
public:
    FormulaError(std::size_t position, std::size_t length, const std::string& sentence);
    std::size_t position() const { return m_position; }  ///< 0-based byte offset in the formula
    std::size_t length() const {
        return m_length;
    }  ///< bytes of the bad token (≥ 1 unless empty formula)
    const std::string& sentence() const {
        return m_sentence;
    }  ///< the message without "column N: "

private:
    std::size_t m_position, m_length;
    std::string m_sentence;
};

struct FormulaTerm {
    std::string word;
    double weight = 1;
    std::size_t position = 0;  ///< 0-based byte offset of the word in the formula (quotes included)
    std::size_t length = 0;    ///< its bytes in the formula
};

class AxisFormula {
public:
    /// Parses text; throws FormulaError with the position of the first bad token (an empty formula
    /// is an error at position 0).
    static AxisFormula parse(std::string_view text);
    /// The formula a - b (how a word-pair axis is titled); words with spaces or operators quoted.
    static AxisFormula pair(const std::string& a, const std::string& b);
    /// The formula avg(a…) - avg(b…). Throws Error when either set is empty.
    static AxisFormula sets(const std::vector<std::string>& a, const std::vector<std::string>& b);

    /// The formula as typed, trimmed (the axis title).
    const std::string& text() const { return m_text; }
    const std::vector<FormulaTerm>& terms() const { return m_terms; }

private:
    std::string m_text;
    std::vector<FormulaTerm> m_terms;
};

}  // namespace embedscope
