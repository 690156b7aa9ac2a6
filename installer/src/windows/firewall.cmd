@echo off
rem Opens Windows Firewall for lanshare on private networks: its SFTP ports (2222, or the next of the 19 after it
rem that is free) and mDNS (UDP 5353), inbound, for lanshare.exe only. Needs an administrator: right-click, "Run as
rem administrator". The MSI does the same when it is installed elevated. "firewall.cmd remove" takes the rules away.
rem Installed in the app folder (...\lanshare\app\firewall.cmd); lanshare.exe is in the folder above it.
setlocal
set EXE=%~dp0..\lanshare.exe
for %%f in ("%EXE%") do set EXE=%%~ff
netsh advfirewall firewall delete rule name="lanshare SFTP" >nul 2>&1
netsh advfirewall firewall delete rule name="lanshare mDNS" >nul 2>&1
if /i "%~1"=="remove" goto :eof
netsh advfirewall firewall add rule name="lanshare SFTP" dir=in action=allow protocol=TCP localport=2222-2241 profile=private program="%EXE%" || exit /b 1
netsh advfirewall firewall add rule name="lanshare mDNS" dir=in action=allow protocol=UDP localport=5353 profile=private program="%EXE%" || exit /b 1
echo lanshare: firewall open on private networks for %EXE%
