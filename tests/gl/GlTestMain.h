#pragma once
// A Qt Test main for GL tests: the OpenGL 3.2 core surface format VTK needs must be the default
// before QApplication exists (../shared/design/vtk-in-qt6.md, step 1).
#include <QApplication>
#include <QSettings>
#include <QSurfaceFormat>
#include <QTest>

#define EMBEDSCOPE_GL_TEST_MAIN(TestClass)                                   \
    int main(int argc, char** argv) {                                        \
        QSurfaceFormat format;                                               \
        format.setRenderableType(QSurfaceFormat::OpenGL);                    \
        format.setVersion(3, 2);                                             \
        format.setProfile(QSurfaceFormat::CoreProfile);                      \
        format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);                \
        format.setAlphaBufferSize(8);                                        \
        format.setDepthBufferSize(24);                                       \
        format.setSamples(0);                                                \
        QSurfaceFormat::setDefaultFormat(format);                            \
        QApplication app(argc, argv);                                        \
        QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests")); \
        QCoreApplication::setApplicationName(QStringLiteral(#TestClass));    \
        QSettings().clear(); /* every run starts from the defaults */        \
        TestClass test;                                                      \
        return QTest::qExec(&test, argc, argv);                              \
    }
