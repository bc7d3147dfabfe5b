#pragma once
// LogDock: the log of the session. A spdlog sink added to the default logger forwards every
// message (from any thread) to this widget through a queued signal; the sink is removed when
// the dock is destroyed. Messages below the chosen level are hidden, not dropped.
#include <QDockWidget>
#include <memory>

class QPlainTextEdit;
class QComboBox;

namespace mfh::ui {

class LogBridge : public QObject {
    Q_OBJECT
  Q_SIGNALS:
    void message(int level, const QString& text);  // spdlog level enum value
};

class LogDock : public QDockWidget {
    Q_OBJECT
  public:
    explicit LogDock(QWidget* parent = nullptr);
    ~LogDock() override;
    QString text() const;

  private:
    void append(int level, const QString& text);
    void refilter();

    LogBridge bridge_;
    std::shared_ptr<void> sink_;  // the spdlog sink (type hidden from Qt headers)
    QPlainTextEdit* view_;
    QComboBox* level_;
    QList<QPair<int, QString>> lines_;
};

}  // namespace mfh::ui
