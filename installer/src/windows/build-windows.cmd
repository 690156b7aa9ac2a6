@echo off
rem On Windows, with the WiX Toolset 3 on the PATH: builds lanshare-VERSION.msi, a per-user install (no UAC prompt).
rem Usage (after mvnw -Dlanshare.packages.skip=true package):
rem   installer\src\windows\build-windows.cmd installer\target 0.1.0
rem main.wxs (the MSI: start at logon through the HKCU Run key, the firewall rules when installed elevated) is
rem passed as jpackage's resource directory; see installer/README.md for what to check on a real machine.
setlocal
set TARGET=%~f1
set VERSION=%2
set SRC=%~dp0
for /f %%j in ('dir /b %TARGET%\input\lanshare-service-*.jar') do set MAINJAR=%%j
rem the app folder gets the jars, firewall.cmd and webclient.cmd
if exist %TARGET%\win-input rmdir /s /q %TARGET%\win-input
xcopy /q /i %TARGET%\input %TARGET%\win-input >nul
copy /y %SRC%firewall.cmd %TARGET%\win-input\ >nul
copy /y %SRC%webclient.cmd %TARGET%\win-input\ >nul
if exist %TARGET%\win-resources rmdir /s /q %TARGET%\win-resources
mkdir %TARGET%\win-resources
copy /y %SRC%main.wxs %TARGET%\win-resources\ >nul
rem lanshare.exe has no console (the Run key starts the service with no window); lanshare-cli.exe is the command
rem for a terminal (lanshare-cli status)
jpackage --type msi --dest %TARGET% --name lanshare --app-version %VERSION% --vendor lanshare ^
  --description "Folder sharing for small offices" ^
  --input %TARGET%\win-input --main-jar %MAINJAR% --main-class dev.lanshare.service.cli.Main ^
  --java-options "-XX:+UseG1GC -Xms16m -Xmx256m -XX:NewSize=24m -XX:G1PeriodicGCInterval=30000 -XX:GCTimeRatio=4 -XX:MarkStackSize=256k -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-UsePerfData" ^
  --add-launcher lanshare-tray=%SRC%lanshare-tray.properties ^
  --add-launcher lanshare-cli=%SRC%lanshare-cli.properties ^
  --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.rmi,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.unsupported ^
  --jlink-options "--strip-debug --no-man-pages --no-header-files --strip-native-commands --compress=2" ^
  --resource-dir %TARGET%\win-resources ^
  --win-per-user-install --win-menu --win-menu-group lanshare --win-shortcut ^
  --win-upgrade-uuid faf6cdbf-cea6-47bc-855f-08e7005801b4 --verbose
