#pragma once
// Session: what the workbench had open when it closed (the experiment folder shown, the runs
// folder browsed, the design in the designer), saved in the settings and brought back at the
// next start.
#include <QString>
#include <QStringList>

namespace mfh::ui {

class ResultsTabs;
class ExperimentPane;

class Session {
  public:
    static void save(const ResultsTabs& results, const ExperimentPane& designer);
    // Puts the saved design into the designer; returns the problem, or an empty string.
    static QString restoreDesign(ExperimentPane& designer);
    // The saved folders that still exist.
    static QStringList folders();
};

}  // namespace mfh::ui
