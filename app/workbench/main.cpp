// mfh-workbench: the desktop workbench. Thin: parses arguments, sets up logging and hands over
// to ui::MainWindow. `--screenshots DIR` drives the window through its views and saves them.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cstdio>

#include "core/base/Logging.h"
#include "core/base/Version.h"
#include "ui/MainWindow.h"
#include "ui/ScreenshotTour.h"
#include "ui/Settings.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MFH");
    QApplication::setApplicationName("mfh-workbench");
    QApplication::setApplicationDisplayName("MFH Workbench");
    QApplication::setApplicationVersion(mfh::version());
    QApplication::setWindowIcon(QIcon(":/icons/mfh-workbench.svg"));
    QApplication::setDesktopFileName("mfh-workbench");

    QCommandLineParser cli;
    cli.setApplicationDescription(
        "Workbench for crossmodal knowledge distillation. Files given are opened: datasets (.h5), "
        "run files, experiment files (.json) or folders of runs.");
    cli.addHelpOption();
    cli.addVersionOption();
    QCommandLineOption shots("screenshots", "Save a picture of each main view into DIR and quit.",
                             "DIR");
    QCommandLineOption runs("runs-root", "Write this session's experiment folders under DIR.",
                            "DIR");
    QCommandLineOption level("log-level", "trace, debug, info, warn, error or off.", "LEVEL",
                             "info");
    cli.addOption(shots);
    cli.addOption(runs);
    cli.addOption(level);
    cli.addPositionalArgument("files", "Files or folders to open.", "[files…]");
    cli.process(app);

    try {
        mfh::setupLogging(cli.value(level).toStdString());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mfh-workbench: %s\n", e.what());
        return 2;
    }
    if (cli.isSet(runs)) mfh::ui::setRunsRootOverride(QDir(cli.value(runs)).absolutePath());
    QTemporaryDir scratch;  // the screenshot tour's runs and settings are not kept
    if (cli.isSet(shots)) QStandardPaths::setTestModeEnabled(true);
    if (cli.isSet(shots) && !cli.isSet(runs)) mfh::ui::setRunsRootOverride(scratch.path());

    mfh::ui::MainWindow window;
    if (cli.isSet(shots)) return mfh::ui::ScreenshotTour(&window, cli.value(shots)).run();
    window.show();
    if (cli.positionalArguments().isEmpty())
        window.restoreSession();  // the folders and the design of the last session
    for (const auto& f : cli.positionalArguments()) window.openPath(f);
    window.showGettingStartedOnFirstRun();
    return app.exec();
}
