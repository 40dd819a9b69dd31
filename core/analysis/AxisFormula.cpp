#include "AxisFormula.h"

#include <cmath>

#include "../ParseNumber.h"

namespace embedscope {

FormulaError::FormulaError(std::size_t position, std::size_t length, const std::string& sentence)
    : Error("column " + std::to_string(position + 1) + ": " + sentence),
      m_position(position),
      m_length(length),
      m_sentence(sentence) {}

namespace {

enum class Kind { Word, Quoted, Plus, Minus, Star, Open, Close, Comma, End };

struct Token {
    Kind kind;
    std::size_t pos, len;
    std::string text;  // the word (without quotes)
};

bool isWordByte(char c) {
    return c != ' ' && c != '\t' && c != '+' && c != '-' && c != '*' && c != '(' && c != ')' &&
           c != ',' && c != '"';
}

std::vector<Token> lex(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\t') {
            ++i;
            continue;
        }
        if (c == '"') {
            const std::size_t close = s.find('"', i + 1);
            if (close == std::string_view::npos)
                throw FormulaError(i, s.size() - i, "the quoted word is not closed (missing '\"')");
            if (close == i + 1) throw FormulaError(i, 2, "empty quoted word");
            out.push_back(
                {Kind::Quoted, i, close + 1 - i, std::string(s.substr(i + 1, close - i - 1))});
            i = close + 1;
            continue;
        }
        const Kind single = c == '+'   ? Kind::Plus
                            : c == '-' ? Kind::Minus
                            : c == '*' ? Kind::Star
                            : c == '(' ? Kind::Open
                            : c == ')' ? Kind::Close
                            : c == ',' ? Kind::Comma
                                       : Kind::Word;
        if (single != Kind::Word) {
            out.push_back({single, i, 1, std::string(1, c)});
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() &&
               (isWordByte(s[j]) || (s[j] == '-' && j + 1 < s.size() && isWordByte(s[j + 1]))))
            ++j;
        out.push_back({Kind::Word, i, j - i, std::string(s.substr(i, j - i))});
        i = j;
    }
    out.push_back({Kind::End, s.size(), 0, {}});
    return out;
}

class Parser {
public:
    Parser(std::vector<Token> tokens, std::vector<FormulaTerm>& out)
        : m_tokens(std::move(tokens)), m_out(out) {}

    void formula() {
        if (peek().kind == Kind::End)
            throw FormulaError(0, 0, "empty formula: type words such as 'he - she'");
        sum(1.0);
        const Token& t = peek();
        if (t.kind == Kind::End) return;
        if (t.kind == Kind::Word || t.kind == Kind::Quoted || t.kind == Kind::Open)
            throw FormulaError(t.pos, t.len, "expected '+' or '-' before '" + t.text + "'");
        throw FormulaError(t.pos, t.len, "unexpected '" + t.text + "'");
    }

private:
    const Token& peek(std::size_t ahead = 0) const {
        return m_tokens[std::min(m_next + ahead, m_tokens.size() - 1)];
    }
    const Token& take() { return m_tokens[std::min(m_next++, m_tokens.size() - 1)]; }

    void sum(double scale) {
        double sign = 1;
        if (peek().kind == Kind::Plus || peek().kind == Kind::Minus)
            sign = take().kind == Kind::Minus ? -1 : 1;
        term(scale * sign);
        while (peek().kind == Kind::Plus || peek().kind == Kind::Minus)
            term(take().kind == Kind::Minus ? -scale : scale);
    }

    void term(double scale) {
        double factor = 1;
        if (peek().kind == Kind::Word && peek(1).kind == Kind::Star) {
            const Token& number = take();
            if (!parseDouble(number.text, factor) || !std::isfinite(factor))
                throw FormulaError(number.pos, number.len,
                                   "'" + number.text + "' before '*' is not a number");
            take();  // '*'
        }
        atom(scale * factor);
    }

    void atom(double scale) {
        const Token& t = peek();
        if (t.kind == Kind::Word && peek(1).kind == Kind::Open &&
            (t.text == "avg" || t.text == "mean")) {
            take();
            take();
            std::vector<std::vector<FormulaTerm>> parts;
            for (;;) {
                std::vector<FormulaTerm> part;
                Parser inner(*this, part);
                inner.sum(1.0);
                m_next = inner.m_next;
                parts.push_back(std::move(part));
                const Token& sep = take();
                if (sep.kind == Kind::Close) break;
                if (sep.kind != Kind::Comma)
                    throw FormulaError(
                        sep.pos, sep.len,
                        sep.kind == Kind::End
                            ? "avg( is not closed: expected ')'"
                            : "expected ',' or ')' in avg(...), not '" + sep.text + "'");
            }
            for (auto& part : parts)
                for (auto& term : part) {
                    term.weight *= scale / double(parts.size());
                    m_out.push_back(std::move(term));
                }
            return;
        }
        if (t.kind == Kind::Word || t.kind == Kind::Quoted) {
            m_out.push_back({t.text, scale, t.pos, t.len});
            take();
            return;
        }
        if (t.kind == Kind::Open) {
            take();
            sum(scale);
            const Token& close = take();
            if (close.kind != Kind::Close)
                throw FormulaError(close.pos, close.len,
                                   close.kind == Kind::End
                                       ? "'(' is not closed: expected ')'"
                                       : "expected ')', not '" + close.text + "'");
            return;
        }
        throw FormulaError(t.pos, t.len,
                           t.kind == Kind::End
                               ? "the formula ends where a word was expected"
                               : "expected a word, '(' or avg(...), not '" + t.text + "'");
    }

    Parser(const Parser& outer, std::vector<FormulaTerm>& out)
        : m_tokens(outer.m_tokens), m_out(out), m_next(outer.m_next) {}

    std::vector<Token> m_tokens;
    std::vector<FormulaTerm>& m_out;
    std::size_t m_next = 0;
};

std::string quoteIfNeeded(const std::string& word) {
    for (std::size_t i = 0; i < word.size(); ++i)
        if (!isWordByte(word[i]) &&
            !(word[i] == '-' && i > 0 && i + 1 < word.size() && isWordByte(word[i + 1])))
            return '"' + word + '"';
    return word;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + quoteIfNeeded(w);
    return out;
}

}  // namespace

AxisFormula AxisFormula::parse(std::string_view text) {
    AxisFormula f;
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    f.m_text = std::string(text.substr(begin, end - begin));
    Parser(lex(text), f.m_terms).formula();
    return f;
}

AxisFormula AxisFormula::pair(const std::string& a, const std::string& b) {
    return parse(quoteIfNeeded(a) + " - " + quoteIfNeeded(b));
}

AxisFormula AxisFormula::sets(const std::vector<std::string>& a,
                              const std::vector<std::string>& b) {
    if (a.empty() || b.empty())
        throw Error("an axis from two word sets needs at least one word in each set");
    return parse("avg(" + joined(a) + ") - avg(" + joined(b) + ")");
}

}  // namespace embedscope
