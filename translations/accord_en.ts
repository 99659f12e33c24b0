<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>UserService</name>
    <message numerus="yes">
        <location filename="../app/services/userservice.cpp" line="216"/>
        <source>User %1 still has access to %n client account(s); remove that access first.</source>
        <translation>
            <numerusform>User %1 still has access to %n client account; remove that access first.</numerusform>
            <numerusform>User %1 still has access to %n client accounts; remove that access first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>accord::ui::AssociateUserDialog</name>
    <message numerus="yes">
        <location filename="../ui/associateuserdialog.cpp" line="287"/>
        <source>Invite created for %1. Accord sends no email: copy the link and pass it on. It expires in %n day(s).</source>
        <translation>
            <numerusform>Invite created for %1. Accord sends no email: copy the link and pass it on. It expires in %n day.</numerusform>
            <numerusform>Invite created for %1. Accord sends no email: copy the link and pass it on. It expires in %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>accord::ui::ClientUsersTab</name>
    <message numerus="yes">
        <location filename="../ui/clientuserstab.cpp" line="30"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/clientuserstab.cpp" line="31"/>
        <location filename="../ui/clientuserstab.cpp" line="32"/>
        <source>%n hour(s) left</source>
        <translation>
            <numerusform>%n hour left</numerusform>
            <numerusform>%n hours left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>accord::ui::ListView</name>
    <message numerus="yes">
        <location filename="../ui/listview.cpp" line="114"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>accord::ui::ManageUserDialog</name>
    <message numerus="yes">
        <location filename="../ui/manageuserdialog.cpp" line="452"/>
        <source>This user still has access to %n client account(s). Remove that access (client profile, Users tab) before deleting the user.</source>
        <translation>
            <numerusform>This user still has access to %n client account. Remove that access (client profile, Users tab) before deleting the user.</numerusform>
            <numerusform>This user still has access to %n client accounts. Remove that access (client profile, Users tab) before deleting the user.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>accord::ui::UserAccountsPanel</name>
    <message numerus="yes">
        <location filename="../ui/useraccountspanel.cpp" line="207"/>
        <source>Saved. Client details are separate: the %n client account(s) this user can access keep their own name, email and language. Update each client&apos;s Profile if they should match (double-click an account below to open it).</source>
        <translation>
            <numerusform>Saved. Client details are separate: the %n client account this user can access keep their own name, email and language. Update each client&apos;s Profile if they should match (double-click an account below to open it).</numerusform>
            <numerusform>Saved. Client details are separate: the %n client accounts this user can access keep their own name, email and language. Update each client&apos;s Profile if they should match (double-click an account below to open it).</numerusform>
        </translation>
    </message>
</context>
</TS>
