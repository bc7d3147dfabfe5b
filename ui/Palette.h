#pragma once
// Palette: the colours of the workbench's plots (colour-blind-safe, Okabe–Ito), one per
// series in order, and the two modalities' colours of the Venn diagram.
#include <QColor>

namespace mfh::ui::palette {

inline QColor series(int i) {
    static const QColor c[] = {QColor(0, 114, 178),   QColor(213, 94, 0),  QColor(0, 158, 115),
                               QColor(204, 121, 167), QColor(230, 159, 0), QColor(86, 180, 233),
                               QColor(120, 120, 120), QColor(240, 228, 66)};
    return c[((i % 8) + 8) % 8];
}
inline QColor modalityA() {
    return QColor(0, 114, 178);
}
inline QColor modalityB() {
    return QColor(213, 94, 0);
}
inline QColor kept() {
    return QColor(0, 114, 178);
}
inline QColor removed() {
    return QColor(190, 190, 190);
}
inline QColor gain() {
    return QColor(0, 140, 70);
}
inline QColor loss() {
    return QColor(200, 40, 40);
}

}  // namespace mfh::ui::palette
