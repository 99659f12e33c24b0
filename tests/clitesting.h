#pragma once

// What the command-line suites share beside testsupport.h's runAccord().
#include "testsupport.h"

#include <QTest>

// The exit status of an `accord` run, with its stdout and stderr shown on failure.
#define EXPECT_EXIT(run, code)                                                                     \
    do {                                                                                           \
        const accord::test::Run& r_ = (run);                                                       \
        QVERIFY2(r_.exitCode == (code), qPrintable(QStringLiteral("exit %1 (wanted %2); out: %3; " \
                                                                  "err: %4")                       \
                                                       .arg(r_.exitCode)                           \
                                                       .arg(code)                                  \
                                                       .arg(r_.outText(), r_.errText())));         \
    } while (0)
