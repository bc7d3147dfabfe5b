#include "ui/ExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <algorithm>

#include "ui/ExportSettings.h"

namespace mfh::ui {

QString ExportDialog::defaultFolder(const QString& experimentFolder) {
    if (!experimentFolder.isEmpty() && QFileInfo(experimentFolder).isDir())
        return QDir(experimentFolder).absolutePath();
    const QString last = settings::exportFolder.get();
    if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (!pictures.isEmpty() && QFileInfo(pictures).isDir()) return pictures;
    return QDir::homePath();
}

ExportDialog::ExportDialog(const QString& title, const QString& name, const QString& folder,
                           QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Export figure"));
    auto spin = [](const char* name, double lo, double hi, double step, int decimals) {
        auto* s = new QDoubleSpinBox;
        s->setObjectName(name);
        s->setRange(lo, hi);
        s->setSingleStep(step);
        s->setDecimals(decimals);
        return s;
    };
    shownUnit_ = settings::exportUnit.get() == "in" ? LengthUnit::Inch : LengthUnit::Cm;
    const double per = mmPerUnit(shownUnit_);
    width_ = spin("width", 0.5, 200, 0.1, 3);
    height_ = spin("height", 0.5, 200, 0.1, 3);
    width_->setValue(settings::exportWidthMm.get() / per);
    height_->setValue(settings::exportHeightMm.get() / per);
    unit_ = new QComboBox;
    unit_->setObjectName("unit");
    unit_->addItem(tr("cm"), "cm");
    unit_->addItem(tr("inches"), "in");
    unit_->setCurrentIndex(shownUnit_ == LengthUnit::Inch ? 1 : 0);
    font_ = spin("font", 4, 36, 0.5, 1);
    font_->setValue(settings::exportFontPt.get());
    font_->setSuffix(tr(" pt"));
    title_ = new QLineEdit(title);
    title_->setObjectName("title");
    title_->setPlaceholderText(tr("no title"));
    format_ = new QComboBox;
    format_->setObjectName("format");
    format_->addItem(tr("PNG image"), "png");
    format_->addItem(tr("SVG vector image"), "svg");
    format_->addItem(tr("PDF document"), "pdf");
    format_->setCurrentIndex(std::max(0, format_->findData(settings::exportFormat.get())));
    dpi_ = new QSpinBox;
    dpi_->setObjectName("dpi");
    dpi_->setRange(24, 2400);
    dpi_->setSingleStep(50);
    dpi_->setValue(settings::exportDpi.get());
    path_ = new QLineEdit(
        QDir(defaultFolder(folder)).filePath(name + "." + format_->currentData().toString()));
    path_->setObjectName("path");
    path_->setMinimumWidth(380);  // a folder path is long: its end should show
    title_->setMinimumWidth(380);
    auto* browse = new QPushButton(tr("Browse…"));
    problem_ = new QLabel;
    problem_->setObjectName("problem");
    problem_->setStyleSheet("color: #b00020");
    problem_->setWordWrap(true);

    auto* size = new QHBoxLayout;
    size->addWidget(width_);
    size->addWidget(new QLabel(QString::fromUtf8("×")));
    size->addWidget(height_);
    size->addWidget(unit_);
    auto* file = new QHBoxLayout;
    file->addWidget(path_, 1);
    file->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Size (width × height):"), size);
    form->addRow(tr("Text size:"), font_);
    form->addRow(tr("Title:"), title_);
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("PNG resolution (DPI):"), dpi_);
    form->addRow(tr("File:"), file);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* l = new QVBoxLayout(this);
    l->addLayout(form);
    l->addWidget(problem_);
    l->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(unit_, &QComboBox::currentIndexChanged, this, &ExportDialog::unitChanged);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    formatChanged();
}

void ExportDialog::formatChanged() {
    const QString suffix = format_->currentData().toString();
    dpi_->setEnabled(suffix == "png");
    QFileInfo fi(path_->text());
    path_->setText(QDir(fi.absolutePath()).filePath(fi.completeBaseName() + "." + suffix));
}

void ExportDialog::unitChanged() {
    // The same physical size in the other unit.
    const LengthUnit u =
        unit_->currentData().toString() == "in" ? LengthUnit::Inch : LengthUnit::Cm;
    const double f = mmPerUnit(shownUnit_) / mmPerUnit(u);
    shownUnit_ = u;
    width_->setValue(width_->value() * f);
    height_->setValue(height_->value() * f);
}

void ExportDialog::browse() {
    const QString p = QFileDialog::getSaveFileName(
        this, tr("Export figure"), path_->text(),
        tr("PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)"));
    if (p.isEmpty()) return;
    FigureFormat f;
    if (formatOf(QFileInfo(p).suffix(), f)) format_->setCurrentIndex(int(f));
    path_->setText(p);
    formatChanged();
}

FigureSpec ExportDialog::spec() const {
    FigureSpec s;
    const double per = mmPerUnit(shownUnit_);
    s.widthMm = width_->value() * per;
    s.heightMm = height_->value() * per;
    s.fontPt = font_->value();
    s.title = title_->text().trimmed();
    s.titleSet = true;
    formatOf(format_->currentData().toString(), s.format);
    s.dpi = dpi_->value();
    return s;
}

QString ExportDialog::path() const {
    return path_->text().trimmed();
}

void ExportDialog::accept() {
    const QFileInfo fi(path());
    if (path().isEmpty() || fi.fileName().isEmpty()) {
        problem_->setText(tr("Choose a file to export to."));
        return;
    }
    if (!fi.absoluteDir().exists()) {
        problem_->setText(tr("The folder %1 does not exist.").arg(fi.absolutePath()));
        return;
    }
    FigureFormat f;
    if (!formatOf(fi.suffix(), f)) {
        problem_->setText(tr("Unknown figure format '%1' (png, svg, pdf).").arg(fi.suffix()));
        return;
    }
    const FigureSpec s = spec();
    settings::exportWidthMm.set(s.widthMm);
    settings::exportHeightMm.set(s.heightMm);
    settings::exportUnit.set(unit_->currentData().toString());
    settings::exportFontPt.set(s.fontPt);
    settings::exportFormat.set(format_->currentData().toString());
    settings::exportDpi.set(s.dpi);
    settings::exportFolder.set(fi.absolutePath());
    QDialog::accept();
}

}  // namespace mfh::ui
