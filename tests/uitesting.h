#pragma once

// What the widget suites share: finding a named child and typing as an admin does.
#include <QLineEdit>
#include <QTest>
#include <QWidget>

namespace accord::test {

// The child with this object name (fatal when missing: the test's premise is broken).
template <typename T>
T* child(QWidget* parent, const char* name)
{
    T* w = parent->findChild<T*>(QLatin1String(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

// Replaces a line edit's text with keystrokes, as an admin does.
inline void retype(QLineEdit* edit, const QString& text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

} // namespace accord::test
