#pragma once

#include "invocation.h"

namespace accord::cli {

// Each headless command: declares its options, parses, runs, returns the exit status.
int initCommand(Invocation& cmd);
int usersCommand(Invocation& cmd);
int userAddCommand(Invocation& cmd);
int userShowCommand(Invocation& cmd);
int userSetCommand(Invocation& cmd);
int userPasswdCommand(Invocation& cmd);
int userDeleteCommand(Invocation& cmd);
int loginCommand(Invocation& cmd);
int clientAddCommand(Invocation& cmd);
int clientShowCommand(Invocation& cmd);
int clientSetCommand(Invocation& cmd);
int linkCommand(Invocation& cmd);
int unlinkCommand(Invocation& cmd);
int inviteCommand(Invocation& cmd);
int compareCommand(Invocation& cmd);
int matchCommand(Invocation& cmd);
int mismatchesCommand(Invocation& cmd);
int exportCommand(Invocation& cmd);
int importCommand(Invocation& cmd);
int verifyCommand(Invocation& cmd);
int diffCommand(Invocation& cmd);

} // namespace accord::cli
