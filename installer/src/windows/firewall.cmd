@echo off
rem Opens the SFTP port (2222, or the one in the settings) and mDNS for lanshare, on private networks only.
netsh advfirewall firewall add rule name="lanshare SFTP" dir=in action=allow protocol=TCP localport=2222-2241 profile=private
netsh advfirewall firewall add rule name="lanshare mDNS" dir=in action=allow protocol=UDP localport=5353 profile=private
