"""Logs in with asyncssh, lists /, reads a file, writes one, prints the cipher and MAC used.

Usage: asyncssh_sftp.py PORT USER PASSWORD SHARE CIPHERS MACS  (CIPHERS, MACS: comma lists, or "default")
"""
import asyncio
import sys
import warnings

warnings.simplefilter("ignore")
try:
    import asyncssh
except ImportError:
    print("asyncssh is missing: install the Debian package python3-asyncssh", file=sys.stderr)
    sys.exit(3)


async def main(port, user, password, share, ciphers, macs):
    options = {}
    if ciphers != "default":
        options["encryption_algs"] = ciphers.split(",")
    if macs != "default":
        options["mac_algs"] = macs.split(",")
    async with asyncssh.connect("127.0.0.1", int(port), username=user, password=password, known_hosts=None,
                                client_keys=None, agent_path=None, **options) as conn:
        async with conn.start_sftp_client() as sftp:
            print("listing=" + ",".join(sorted(await sftp.listdir("/"))))
            async with sftp.open("/" + share + "/in.txt", "r") as f:
                print("read=" + await f.read())
            async with sftp.open("/" + share + "/from-asyncssh.txt", "w") as f:
                await f.write("written by asyncssh " + asyncssh.__version__)
        # asyncssh has no public accessor for the negotiated cipher
        print("cipher=" + conn._enc_alg_cs.decode() + " mac=" + conn._mac_alg_cs.decode())
        print("client=" + conn.get_extra_info("client_version"))


asyncio.run(main(*sys.argv[1:7]))
