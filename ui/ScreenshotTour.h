#pragma once
// ScreenshotTour: drives a MainWindow through the workbench's main views with real data and
// real training (a generated dataset, the paper's Fig. 2 and Table 2 presets, a small MLP sweep
// followed live) and saves a PNG of each view, then the whole window at 1280×720 per tab.
// `mfh-workbench --screenshots DIR` runs it; the README's pictures under docs/screenshots come from
// it.
#include <QString>
#include <functional>

class QWidget;

namespace mfh::ui {

class MainWindow;

class ScreenshotTour {
  public:
    ScreenshotTour(MainWindow* window, QString dir);
    // Returns 0 when every picture was written, else 1 (the problem is logged).
    int run();

  private:
    bool waitFor(const std::function<bool()>& done, int timeoutMs);
    bool runAndWait(int timeoutMs);
    bool shot(QWidget* w, const QString& name);
    bool laptopShots();  // every tab at 1280×720: laptop-<tab>.png

    MainWindow* w_;
    QString dir_;
};

}  // namespace mfh::ui
