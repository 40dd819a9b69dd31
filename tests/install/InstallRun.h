#pragma once
// Runs programs as a packager or a user would (cmake --install, cpack, the installed binaries) and
// lists the files of an installed tree.
#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace testsupport {

struct Run {
    int status = -1;
    QByteArray out, err;
    QByteArray all() const { return out + err; }
};

/// Runs program with args; environment entries "NAME=value" are set, "NAME" alone is removed.
inline Run run(const QString& program, const QStringList& args, const QStringList& environment = {},
               int timeoutMs = 120000) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& entry : environment) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        if (eq < 0)
            env.remove(entry);
        else
            env.insert(entry.left(eq), entry.mid(eq + 1));
    }
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted()) return {-1, {}, (program + QStringLiteral(": cannot start")).toUtf8()};
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

/// cmake --install of this build tree into prefix.
inline Run installInto(const QString& prefix) {
    return run(QStringLiteral(EMBEDSCOPE_CMAKE),
               {QStringLiteral("--install"), QStringLiteral(EMBEDSCOPE_BINARY_DIR),
                QStringLiteral("--prefix"), prefix});
}

/// Every file (not folder) under root, as paths relative to it.
inline QSet<QString> filesUnder(const QString& root) {
    QSet<QString> out;
    const QDir base(root);
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) out.insert(base.relativeFilePath(it.next()));
    return out;
}

/// A tool's path, or empty when it is not installed (`make deps` installs the ones the tests use).
inline QString tool(const char* name) {
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

}  // namespace testsupport
