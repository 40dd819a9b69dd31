#pragma once
// Runs embedscope-cli as a user does and collects its exit status and output.
#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace testsupport {

struct CliRun {
    int status = -1;
    QByteArray out, err;
};

inline CliRun runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(EMBEDSCOPE_CLI), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

}  // namespace testsupport
