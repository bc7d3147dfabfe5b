#pragma once
// HelpWindow: the workbench's own documentation in one window: Getting started (what the
// workbench is for and the three clicks that reproduce the paper's Fig. 2), the user guide
// (docs/workbench.md), the science and the paper (docs/science.md), and the keyboard shortcuts,
// listed from the window's actions themselves so the list is never out of date. The pages are
// the repository's Markdown files, compiled in (ui/help.qrc). Links of the form mfh:preset/NAME
// load a paper preset into the designer (presetRequested), so the guide's first steps are
// clickable.
#include <QDialog>
#include <functional>

class QMenu;
class QTextBrowser;
class QListWidget;

namespace mfh::ui {

class HelpWindow : public QDialog {
    Q_OBJECT
  public:
    enum class Page { GettingStarted, Guide, Science, Shortcuts };
    // `actions` are listed on the shortcuts page (those with a shortcut).
    HelpWindow(QList<QAction*> actions, QWidget* parent = nullptr);
    // The Help menu: one entry per page (Getting started on F1), then About.
    static void fillMenu(QMenu* help, QWidget* window, const std::function<void(Page)>& show);
    void showPage(Page p);
    QTextBrowser* browser() const { return text_; }
    // The page's text as shown (Markdown, or the generated shortcut table).
    QString pageText(Page p) const;

  Q_SIGNALS:
    void presetRequested(const QString& name);

  private:
    QList<QAction*> actions_;
    QListWidget* pages_;
    QTextBrowser* text_;
};

}  // namespace mfh::ui
