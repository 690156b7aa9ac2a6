"""Logs in with paramiko, lists /, reads a file, writes one, prints the cipher and MAC used.

Usage: paramiko_sftp.py PORT USER PASSWORD SHARE CIPHERS MACS  (CIPHERS, MACS: comma lists, or "default")
"""
import sys

try:
    import paramiko
except ImportError:
    print("paramiko is missing: install the Debian package python3-paramiko", file=sys.stderr)
    sys.exit(3)

port, user, password, share, ciphers, macs = sys.argv[1:7]
transport = paramiko.Transport(("127.0.0.1", int(port)))
options = transport.get_security_options()
if ciphers != "default":
    options.ciphers = tuple(ciphers.split(","))
if macs != "default":
    options.digests = tuple(macs.split(","))
transport.connect(username=user, password=password)
sftp = paramiko.SFTPClient.from_transport(transport)
print("listing=" + ",".join(sorted(sftp.listdir("/"))))
with sftp.open("/" + share + "/in.txt", "r") as f:
    print("read=" + f.read().decode())
with sftp.open("/" + share + "/from-paramiko.txt", "w") as f:
    f.write(b"written by paramiko " + paramiko.__version__.encode())
print("cipher=" + transport.local_cipher + " mac=" + transport.local_mac)
print("client=" + transport.local_version)
sftp.close()
transport.close()
