@echo off
rem Prepares Windows' WebDAV client (the WebClient service), through which Explorer opens colleagues' folders from
rem lanshare's local gateway: starts it now and at every boot, and raises its file-size limit from 50 MB to the
rem most it takes (4 GiB - 1), so that big drawings open. Needs an administrator: right-click, "Run as
rem administrator". The MSI does the same when it is installed elevated. Installed in the app folder.
setlocal
reg add HKLM\SYSTEM\CurrentControlSet\Services\WebClient\Parameters /v FileSizeLimitInBytes /t REG_DWORD /d 4294967295 /f >nul || exit /b 1
sc config WebClient start= auto >nul || exit /b 1
sc start WebClient >nul 2>&1
echo lanshare: the WebClient service starts automatically and takes files up to 4 GiB
