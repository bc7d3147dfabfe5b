#include "ui/HelpWindow.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QUrl>

// The pages live in mfh_ui, a static library, whose resources are registered by hand; the
// macro must be used outside any namespace.
static void registerHelpPages() {
    Q_INIT_RESOURCE(help);
}

namespace mfh::ui {

namespace {

const char* resourceOf(HelpWindow::Page p) {
    switch (p) {
        case HelpWindow::Page::GettingStarted:
            return ":/help/getting-started.md";
        case HelpWindow::Page::Guide:
            return ":/help/workbench.md";
        case HelpWindow::Page::Science:
            return ":/help/science.md";
        case HelpWindow::Page::Shortcuts:
            break;
    }
    return nullptr;
}

QString readResource(const char* path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QObject::tr("(%1 is missing from this build)").arg(path);
    return QString::fromUtf8(f.readAll());
}

}  // namespace

HelpWindow::HelpWindow(QList<QAction*> actions, QWidget* parent)
    : QDialog(parent), actions_(std::move(actions)) {
    registerHelpPages();
    setWindowTitle(tr("MFH Workbench help"));
    setObjectName("help");
    pages_ = new QListWidget;
    pages_->addItems({tr("Getting started"), tr("User guide"), tr("The science and the paper"),
                      tr("Keyboard shortcuts")});
    pages_->setMaximumWidth(190);
    text_ = new QTextBrowser;
    text_->setOpenLinks(false);  // links are routed below: other pages, presets, the web
    auto* l = new QHBoxLayout(this);
    l->addWidget(pages_);
    l->addWidget(text_, 1);
    resize(900, 600);
    connect(pages_, &QListWidget::currentRowChanged, this,
            [this](int row) { showPage(static_cast<Page>(row)); });
    connect(text_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        const QString s = url.toString();
        if (url.scheme() == "mfh" && s.startsWith("mfh:preset/"))
            emit presetRequested(s.mid(QString("mfh:preset/").size()));
        else if (s.endsWith("workbench.md"))
            showPage(Page::Guide);
        else if (s.endsWith("science.md") || s.contains("science.md#"))
            showPage(Page::Science);
        else if (url.scheme() == "http" || url.scheme() == "https")
            QDesktopServices::openUrl(url);
        else if (url.hasFragment())
            text_->scrollToAnchor(url.fragment());
    });
    showPage(Page::GettingStarted);
}

void HelpWindow::fillMenu(QMenu* help, QWidget* window, const std::function<void(Page)>& show) {
    const std::pair<QString, Page> pages[] = {{tr("&Getting started"), Page::GettingStarted},
                                              {tr("&User guide"), Page::Guide},
                                              {tr("The &science and the paper"), Page::Science},
                                              {tr("&Keyboard shortcuts"), Page::Shortcuts}};
    for (const auto& [text, page] : pages) {
        auto* a = help->addAction(text, window, [show, page = page] { show(page); });
        if (page == Page::GettingStarted) a->setShortcut(QKeySequence::HelpContents);
    }
    help->addSeparator();
    help->addAction(tr("&About MFH Workbench"), window, [window] {
        QMessageBox::about(
            window, tr("About MFH Workbench"),
            tr("<h3>MFH Workbench %1</h3><p>Crossmodal knowledge distillation and the "
               "Modality Focusing Hypothesis (Xue et al., ICLR 2023).</p><p>The command "
               "line <tt>mfh</tt> runs the same experiments without a display.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

QString HelpWindow::pageText(Page p) const {
    if (p != Page::Shortcuts) {
        // Screenshots are not compiled in: their lines would show as broken images.
        QString md = readResource(resourceOf(p));
        md.remove(QRegularExpression(R"(!\[[^\]]*\]\([^)]*\)\s*)"));
        return md;
    }
    QString md = tr("# Keyboard shortcuts\n\n| Action | Shortcut |\n|---|---|\n");
    for (QAction* a : actions_) {
        if (a->shortcut().isEmpty()) continue;
        QString name = a->text();
        name.remove('&');
        md += QString("| %1 | %2 |\n").arg(name, a->shortcut().toString(QKeySequence::NativeText));
    }
    md +=
        tr("\nIn every plot: drag to pan, the mouse wheel zooms, a double click resets the view, "
           "and a click on a point opens its runs.\n");
    return md;
}

void HelpWindow::showPage(Page p) {
    const QSignalBlocker quiet(pages_);
    pages_->setCurrentRow(static_cast<int>(p));
    text_->setMarkdown(pageText(p));
}

}  // namespace mfh::ui
