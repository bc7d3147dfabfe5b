#include "ui/AdvisorTab.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <cmath>

#include "core/base/Statistics.h"
#include "core/experiments/ExperimentSpec.h"
#include "ui/AdvisorScatter.h"
#include "ui/BackgroundTask.h"
#include "ui/JobQueue.h"

namespace mfh::ui {

namespace {

QString interval(const Interval& i, int digits = 3) {
    return QStringLiteral("[%1, %2]").arg(num(i.low, digits), num(i.high, digits));
}

}  // namespace

AdvisorTab::AdvisorTab(QWidget* parent) : QWidget(parent) {
    teacher_ = new QComboBox;
    student_ = new QComboBox;
    for (auto* c : {teacher_, student_}) c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    pilot_ = new QPushButton(tr("Run the pilot"));
    pilot_->setObjectName("runAdvisor");
    pilot_->setToolTip(
        tr("Short trainings of a linear teacher and a linear student alone on "
           "the selected dataset (5 seeds, 2 folds, 20 % of 1000 epochs), every "
           "predictor of the KD gain and a verdict (docs/science.md)"));
    pilot_->setEnabled(false);
    experiment_ = new QPushButton(tr("Advise the shown experiment"));
    experiment_->setObjectName("adviseExperiment");
    experiment_->setToolTip(
        tr("The same pilot on the shown experiment's own configuration, for "
           "every grid point; then each predictor against the measured gain"));
    experiment_->setEnabled(false);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("teacher:")));
    bar->addWidget(teacher_);
    bar->addWidget(new QLabel(tr("student:")));
    bar->addWidget(student_);
    bar->addWidget(pilot_);
    bar->addWidget(experiment_);
    bar->addStretch(1);
    note_ =
        new QLabel(tr("Will KD help? Pick a dataset and a modality pair, or run an "
                      "experiment, and ask the advisor."));
    note_->setObjectName("advisorNote");
    note_->setWordWrap(true);
    note_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    verdict_ = new QLabel;
    verdict_->setObjectName("advisorVerdict");
    verdict_->setWordWrap(true);
    verdict_->setTextFormat(Qt::RichText);
    point_ = new QComboBox;
    point_->setObjectName("advisorPoint");
    point_->setVisible(false);
    card_ = new QTableWidget(0, 5);
    card_->setObjectName("advisorCard");
    card_->setHorizontalHeaderLabels(
        {tr("predictor"), tr("estimate"), tr("95% interval"), tr("vote"), tr("what it is")});
    card_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    card_->horizontalHeader()->setStretchLastSection(true);
    card_->verticalHeader()->setVisible(false);
    card_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* cardBox = new QWidget;
    auto* cl = new QVBoxLayout(cardBox);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->addWidget(point_);
    cl->addWidget(verdict_);
    reason_ = new QLabel;
    reason_->setObjectName("advisorReason");
    reason_->setWordWrap(true);
    reason_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    reason_->setMinimumHeight(3 * reason_->fontMetrics().lineSpacing() + 4);
    reason_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    verdict_->setMinimumHeight(2 * verdict_->fontMetrics().lineSpacing());
    cl->addWidget(reason_);
    cl->addWidget(card_, 1);

    scatter_ = new AdvisorScatter;
    scatterPredictor_ = new QComboBox;
    scatterPredictor_->setObjectName("scatterPredictor");
    for (const auto& [p, name] : EnumNames<Predictor>::table)
        scatterPredictor_->addItem(QString::fromLatin1(name), static_cast<int>(p));
    auto* scatterBox = new QWidget;
    auto* sl = new QVBoxLayout(scatterBox);
    sl->setContentsMargins(0, 0, 0, 0);
    auto* sbar = new QHBoxLayout;
    sbar->addWidget(new QLabel(tr("predictor:")));
    sbar->addWidget(scatterPredictor_);
    sbar->addStretch(1);
    sl->addLayout(sbar);
    sl->addWidget(scatter_, 1);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(cardBox);
    split->addWidget(scatterBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(2, 2, 2, 2);
    l->addLayout(bar);
    l->addWidget(note_);
    l->addWidget(split, 1);

    connect(pilot_, &QPushButton::clicked, this, [this] {
        if (!dataset_) return;  // one modality for both is unimodal KD: allowed
        start(pilotExperiment(*dataset_, teacher_->currentText().toStdString(),
                              student_->currentText().toStdString()),
              tr("%1 (%2 to %3)")
                  .arg(dataset_->name, teacher_->currentText(), student_->currentText()),
              false);
    });
    connect(experiment_, &QPushButton::clicked, this, [this] {
        if (job_) start(job_->config, job_->name, true);
    });
    connect(point_, &QComboBox::currentIndexChanged, this, &AdvisorTab::showPoint);
    connect(scatterPredictor_, &QComboBox::currentIndexChanged, this, &AdvisorTab::drawScatter);
}

AdvisorTab::~AdvisorTab() {
    if (cancel_) *cancel_ = true;
}

nlohmann::json AdvisorTab::pilotExperiment(const DatasetEntry& d, const std::string& teacher,
                                           const std::string& student) {
    const nlohmann::json train = {{"optimizer", "sgd"}, {"lr", 0.1}, {"epochs", 1000}};
    nlohmann::json dataset = d.source;
    if (dataset.is_null() || dataset.empty()) dataset = {{"path", d.path.toStdString()}};
    // Real data rarely comes scaled for these rates; generated data is N(0, 1) already.
    if (dataset.contains("path") && !dataset.contains("standardize")) dataset["standardize"] = true;
    return {
        {"name", "advisor"},
        {"dataset", dataset},
        {"seeds", {{"first", 0}, {"count", 10}}},
        {"teacher", {{"modalities", {teacher}}, {"model", {{"type", "linear"}}}, {"train", train}}},
        {"student", {{"modality", student}, {"model", {{"type", "linear"}}}, {"train", train}}},
        {"kd", {{"w_gt", 1}, {"w_kd", 1}, {"temperature", 1}}}};
}

void AdvisorTab::showDataset(DatasetPtr d) {
    dataset_ = std::move(d);
    if (!dataset_) return;
    for (auto* c : {teacher_, student_}) {
        QSignalBlocker b(c);
        c->clear();
        for (const auto& m : dataset_->summary.modalities)
            c->addItem(QString::fromStdString(m.name));
    }
    if (student_->count() > 1) student_->setCurrentIndex(1);
    pilot_->setEnabled(!cancel_ && teacher_->count() > 0);
}

void AdvisorTab::showJob(std::shared_ptr<const Job> job) {
    job_ = std::move(job);
    experiment_->setEnabled(!cancel_ && job_ && !job_->result.rows.empty());
}

void AdvisorTab::start(const nlohmann::json& config, const QString& what, bool fromJob) {
    if (cancel_) return;
    QPointer<JobQueue> queue = BackgroundTask::queueOf(this);
    std::shared_ptr<Job> task = queue ? queue->startTask(tr("Advisor: %1").arg(what)) : nullptr;
    auto cancel = task ? std::shared_ptr<std::atomic<bool>>(task, &task->cancel)
                       : std::make_shared<std::atomic<bool>>(false);
    cancel_ = cancel;
    pilot_->setEnabled(false), experiment_->setEnabled(false);
    note_->setText(tr("Running the pilot of %1 off the GUI thread…").arg(what));
    struct Out {
        std::shared_ptr<AdvisorReport> report;
        QString problem;
        bool cancelled = false;
    };
    auto* watcher = new QFutureWatcher<Out>(this);
    const auto job = fromJob ? job_ : nullptr;
    connect(watcher, &QFutureWatcher<Out>::finished, this, [this, watcher, queue, task, job, what] {
        const Out o = watcher->result();
        watcher->deleteLater();
        cancel_.reset();
        if (queue && task) queue->finishTask(task->id, o.problem, o.cancelled);
        pilot_->setEnabled(dataset_ != nullptr);
        experiment_->setEnabled(job_ && !job_->result.rows.empty());
        if (!o.problem.isEmpty()) return note_->setText(tr("Cannot advise: %1").arg(o.problem));
        if (o.cancelled || !o.report) return note_->setText(tr("The pilot was cancelled."));
        report_ = o.report, advisedJob_ = job;
        note_->setText(tr("%1: %2 trainings in %3 s, %4 % of the experiment's training "
                          "(epochs × rows).")
                           .arg(what)
                           .arg(report_->trainings)
                           .arg(num(report_->seconds, 2))
                           .arg(num(100 * report_->pilotEpochRows /
                                        std::max(1.0, report_->experimentEpochRows),
                                    2)));
        {
            QSignalBlocker b(point_);
            point_->clear();
            for (const auto& row : report_->rows)
                point_->addItem(row.label.empty() ? tr("the experiment")
                                                  : QString::fromStdString(row.label));
            point_->setVisible(report_->rows.size() > 1);
        }
        showPoint(0);
        drawScatter();
        emit advised();
    });
    watcher->setFuture(QtConcurrent::run([config, cancel, task]() -> Out {
        Out o;
        const BackgroundTask bt(task);
        bt.report(tr("training the pilot"), 0);
        try {
            const auto spec = ExperimentSpec::fromJson(config);
            AdvisorOptions opt;
            opt.pilot.seeds.clear();
            for (uint32_t i = 0; i < 5; ++i) opt.pilot.seeds.push_back(spec.seeds.front() + i);
            AdvisorCallbacks cb;
            cb.cancel = cancel.get();
            cb.onPoint = [&](int done, int total) {
                bt.report(tr("grid point %1/%2 advised").arg(done).arg(total),
                          double(done) / total);
            };
            o.report = std::make_shared<AdvisorReport>(Advisor::advise(spec, opt, cb));
        } catch (const Cancelled&) {
            o.cancelled = true;
        } catch (const std::exception& e) {
            o.problem = QString::fromUtf8(e.what());
        }
        o.cancelled = o.cancelled || (o.problem.isEmpty() && cancel->load());
        return o;
    }));
}

void AdvisorTab::showPoint(int row) {
    if (!report_ || row < 0 || row >= static_cast<int>(report_->rows.size())) return;
    const auto& r = report_->rows[row];
    static const char* colour[] = {"#1a7a3a", "#a83232", "#8a6d00"};
    verdict_->setText(
        tr("<b><span style='color:%1; font-size:large'>%2</span></b> &nbsp; predicted gain %3 "
           "points %4")
            .arg(colour[static_cast<int>(r.verdict)], QString::fromLatin1(nameOf(r.verdict)),
                 num(r.predictedGain.estimate, 2), interval(r.predictedGain, 2)));
    reason_->setText(tr("Why: %1").arg(QString::fromStdString(r.reason)));
    const auto& preds = r.measures.predictors;
    card_->setRowCount(static_cast<int>(preds.size()) + 1);
    for (int i = 0; i < static_cast<int>(preds.size()); ++i) {
        const auto& v = preds[i];
        QString vote;
        for (const auto& t : report_->options.rule.voters)
            if (t.predictor == v.kind) vote = tr("threshold %1").arg(num(t.threshold, 3));
        const QString cells[] = {QString::fromLatin1(nameOf(v.kind)), num(v.value.estimate, 3),
                                 interval(v.value), vote,
                                 QString::fromLatin1(Predictors::describe(v.kind))};
        for (int c = 0; c < 5; ++c) card_->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    const int last = static_cast<int>(preds.size());
    const auto& s = r.measures.studentAccuracy;
    const QString tail[] = {tr("student alone (%)"),
                            num(s.estimate, 1),
                            interval(s, 1),
                            {},
                            tr("held-out accuracy of the pilot's student")};
    for (int c = 0; c < 5; ++c) card_->setItem(last, c, new QTableWidgetItem(tail[c]));
}

void AdvisorTab::drawScatter() {
    if (!report_ || !advisedJob_) return;
    const auto& res = advisedJob_->result;
    const auto p = static_cast<Predictor>(scatterPredictor_->currentData().toInt());
    std::vector<ScatterPoint> pts;
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < report_->rows.size() && i < res.rows.size(); ++i) {
        const auto it = res.rows[i].summary.find("delta");
        if (it == res.rows[i].summary.end()) continue;
        const auto& v = report_->rows[i].measures[p].value;
        pts.push_back({v.estimate, v.low, v.high, it->second.mean, it->second.ciLow,
                       it->second.ciHigh, QString::fromStdString(report_->rows[i].label)});
        xs.push_back(v.estimate), ys.push_back(it->second.mean);
    }
    double threshold = NAN;
    for (const auto& t : report_->options.rule.voters)
        if (t.predictor == p) threshold = t.threshold;
    scatter_->setPoints(pts, QString::fromLatin1(nameOf(p)), threshold,
                        Statistics::spearman(xs, ys));
}

}  // namespace mfh::ui
