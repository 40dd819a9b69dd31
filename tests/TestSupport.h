#pragma once
// Shared helpers for the Qt Test suite.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <clocale>
#include <string>

namespace testsupport {

/// Applies the locale ctest asked for (EMBEDSCOPE_TEST_LOCALE). A missing German locale skips the
/// test with a message rather than passing silently under C. Call from initTestCase().
inline void applyTestLocale() {
    const QByteArray wanted = qgetenv("EMBEDSCOPE_TEST_LOCALE");
    if (wanted.isEmpty()) return;
    if (!std::setlocale(LC_ALL, wanted.constData()))
        QSKIP(qPrintable("locale " + QString::fromLatin1(wanted) +
                         " is not installed: run `make deps` (generates it) to test under it"));
    // Sanity: under de_DE the C library's decimal point really is a comma.
    if (wanted.startsWith("de_DE")) QCOMPARE(std::localeconv()->decimal_point[0], ',');
}

/// Writes bytes to dir/name and returns the path.
inline std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
    return path.toStdString();
}

inline QByteArray readFile(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

inline std::string testData(const char* name) {
    return std::string(EMBEDSCOPE_TEST_DATA) + "/" + name;
}

}  // namespace testsupport
