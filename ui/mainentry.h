#pragma once

namespace accord::ui {

// Starts the GUI: opens the database given by --db, else the last one, else creates the
// sample database in the user's data folder on first run.
int runGui(int& argc, char** argv);

} // namespace accord::ui
