@echo off
rem On Windows, with the WiX Toolset 3 on the PATH: builds lanshare.msi, a per-user install.
rem Usage (after mvnw -Dlanshare.packages.skip=true package): installer\src\windows\build-windows.cmd installer\target 0.1.0
set TARGET=%1
set VERSION=%2
set SRC=%~dp0
for /f %%j in ('dir /b %TARGET%\input\lanshare-service-*.jar') do set MAINJAR=%%j
jpackage --type msi --dest %TARGET% --name lanshare --app-version %VERSION% ^
  --input %TARGET%\input --main-jar %MAINJAR% --main-class dev.lanshare.service.cli.Main ^
  --add-launcher lanshare-tray=%SRC%..\linux\lanshare-tray.properties ^
  --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.rmi,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.net,jdk.unsupported ^
  --win-per-user-install --win-menu --win-menu-group lanshare --win-shortcut
