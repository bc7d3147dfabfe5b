#pragma once
// ExportDialog: the figure export dialog. Width and height in cm or inches (default 8.5 × 6 cm,
// one paper column), text size in points (default 8 pt), an editable title (prefilled with the
// plot's readable title; empty: none), PNG, SVG or PDF, and the PNG's DPI. The file goes by
// default into the shown experiment's folder, else the last export folder, else the user's
// pictures folder, never the file system's root. Accepting checks that the folder exists and
// remembers every choice (ui/ExportSettings.h).
#include <QDialog>

#include "ui/FigureSpec.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mfh::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
  public:
    // `title`: the plot's own (prefilled); `name`: the file's default name ("kd-gain").
    ExportDialog(const QString& title, const QString& name, const QString& folder,
                 QWidget* parent = nullptr);
    FigureSpec spec() const;
    QString path() const;
    // Where an export goes by default: `experimentFolder` when it exists, else the last export
    // folder, else the pictures (or home) folder.
    static QString defaultFolder(const QString& experimentFolder);

  public Q_SLOTS:
    void accept() override;

  private:
    void formatChanged();
    void unitChanged();
    void browse();

    QDoubleSpinBox* width_;
    QDoubleSpinBox* height_;
    QComboBox* unit_;
    QDoubleSpinBox* font_;
    QLineEdit* title_;
    QComboBox* format_;
    QSpinBox* dpi_;
    QLineEdit* path_;
    QLabel* problem_;
    LengthUnit shownUnit_ = LengthUnit::Cm;
};

}  // namespace mfh::ui
