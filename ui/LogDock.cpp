#include "ui/LogDock.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <mutex>

namespace mfh::ui {

namespace {
constexpr int kMaxLines = 5000;

// Formats on the logging thread and emits; Qt queues the signal to the GUI thread.
class QtSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    explicit QtSink(LogBridge* bridge) : bridge_(bridge) {}
    void detach() {
        std::lock_guard<std::mutex> lock(mutex_);
        bridge_ = nullptr;
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (!bridge_) return;
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        QString text = QString::fromUtf8(buf.data(), static_cast<int>(buf.size())).trimmed();
        emit bridge_->message(static_cast<int>(msg.level), text);
    }
    void flush_() override {}

  private:
    LogBridge* bridge_;
};
}  // namespace

LogDock::LogDock(QWidget* parent) : QDockWidget(tr("Log"), parent) {
    setObjectName("LogDock");
    auto* w = new QWidget(this);
    auto* lay = new QVBoxLayout(w);
    lay->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Show")));
    level_ = new QComboBox;
    level_->addItem(tr("Debug and above"), int(spdlog::level::debug));
    level_->addItem(tr("Info and above"), int(spdlog::level::info));
    level_->addItem(tr("Warnings and errors"), int(spdlog::level::warn));
    level_->setCurrentIndex(1);
    top->addWidget(level_);
    top->addStretch();
    auto* clear = new QPushButton(tr("Clear"));
    top->addWidget(clear);
    lay->addLayout(top);
    view_ = new QPlainTextEdit;
    view_->setReadOnly(true);
    view_->setMaximumBlockCount(kMaxLines);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    lay->addWidget(view_);
    setWidget(w);

    connect(&bridge_, &LogBridge::message, this, &LogDock::append, Qt::QueuedConnection);
    connect(level_, &QComboBox::currentIndexChanged, this, &LogDock::refilter);
    connect(clear, &QPushButton::clicked, this, [this] {
        lines_.clear();
        view_->clear();
    });
    auto sink = std::make_shared<QtSink>(&bridge_);
    sink->set_pattern("%H:%M:%S  %l  %v");
    sink->set_level(spdlog::level::debug);
    if (spdlog::default_logger()->level() > spdlog::level::debug)
        spdlog::default_logger()->set_level(spdlog::level::debug);
    for (auto& s : spdlog::default_logger()->sinks())  // keep the console as quiet as before
        if (s->level() < spdlog::level::info) s->set_level(spdlog::level::info);
    spdlog::default_logger()->sinks().push_back(sink);
    sink_ = sink;
}

LogDock::~LogDock() {
    auto sink = std::static_pointer_cast<QtSink>(sink_);
    sink->detach();
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
}

QString LogDock::text() const {
    return view_->toPlainText();
}

void LogDock::append(int level, const QString& text) {
    lines_.append({level, text});
    if (lines_.size() > kMaxLines) lines_.removeFirst();
    if (level >= level_->currentData().toInt()) view_->appendPlainText(text);
}

void LogDock::refilter() {
    view_->clear();
    const int min = level_->currentData().toInt();
    for (const auto& l : lines_)
        if (l.first >= min) view_->appendPlainText(l.second);
}

}  // namespace mfh::ui
