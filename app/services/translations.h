#pragma once

namespace accord {

// Installs Accord's and Qt's translations for the system locale on the running
// application (plural forms included). Call once after the application object exists.
void installTranslations();

} // namespace accord
