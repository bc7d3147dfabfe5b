#pragma once
// FigureSpec: what a paper figure is asked to be: its physical size, the size of its text, its
// title and its file format (and the PNG's resolution). The export dialog fills one, the
// figure set and the report use the defaults, PlotExport renders it. Lengths are kept in
// millimetres whatever unit the user typed them in.
#include <QString>

namespace mfh::ui {

enum class FigureFormat { Png, Svg, Pdf };
enum class LengthUnit { Cm, Inch };

struct FigureSpec {
    double widthMm = 85;  // a one-column figure (8.5 × 6 cm)
    double heightMm = 60;
    double fontPt = 8;
    // Shown above the plot; empty: no title. Unset (titleSet false): the plot's own title.
    QString title;
    bool titleSet = false;
    FigureFormat format = FigureFormat::Png;
    int dpi = 300;  // PNG only

    // The drawing's logical resolution: 2 logical pixels per point, so that every half point
    // of text is a whole pixel size and the layout measures text exactly as it is drawn.
    static constexpr double kLogicalDpi = 144;
    double widthPx() const { return widthMm / 25.4 * kLogicalDpi; }
    double heightPx() const { return heightMm / 25.4 * kLogicalDpi; }
};

inline const char* suffixOf(FigureFormat f) {
    return f == FigureFormat::Svg ? "svg" : f == FigureFormat::Pdf ? "pdf" : "png";
}
// The format a file suffix names; false when it names none.
inline bool formatOf(const QString& suffix, FigureFormat& out) {
    const QString s = suffix.toLower();
    if (s == "png") return out = FigureFormat::Png, true;
    if (s == "svg") return out = FigureFormat::Svg, true;
    if (s == "pdf") return out = FigureFormat::Pdf, true;
    return false;
}
inline double mmPerUnit(LengthUnit u) {
    return u == LengthUnit::Inch ? 25.4 : 10.0;
}

}  // namespace mfh::ui
