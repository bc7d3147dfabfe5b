#pragma once
// ExportSettings: the remembered choices of the figure export dialog, declared once, with the
// Setting helper of ui/Settings.h (the PNG resolution is settings::exportDpi there).
#include "ui/Settings.h"

namespace mfh::ui::settings {
inline const Setting<double> exportWidthMm{"export/widthMm", 85.0};
inline const Setting<double> exportHeightMm{"export/heightMm", 60.0};
inline const Setting<QString> exportUnit{"export/unit", QStringLiteral("cm")};  // cm | in
inline const Setting<double> exportFontPt{"export/fontPt", 8.0};
inline const Setting<QString> exportFormat{"export/format", QStringLiteral("png")};
// The folder of the last figure, table or report exported; empty: none yet.
inline const Setting<QString> exportFolder{"export/folder", {}};
}  // namespace mfh::ui::settings
