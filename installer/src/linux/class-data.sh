#!/bin/sh
# Inlined by build-packages into the .deb's and the .rpm's scripts where "#CLASS_DATA#" stands.
# The class-data archives of the command (/usr/bin/lanshare: ./lanshare explains archives; installer/src/cds-training
# listed their classes in /opt/lanshare/lib/cds): made here, where the jars are, since a JVM takes an archive only
# when its jars are where, and as, they were when it was made. A missing or stale one only makes a start slower
# (the command's -Xlog:cds=off keeps that quiet).
make_class_data() {
    rm -rf /var/cache/lanshare
    mkdir -p /var/cache/lanshare
    # the command gives each JVM its archive's name; told to dump, the JVM writes it and stops
    JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=/opt/lanshare/lib/cds/serve.classes" \
        /usr/bin/lanshare serve >/dev/null 2>&1 || echo "lanshare: no class-data archive for the service" >&2
    JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=/opt/lanshare/lib/cds/cli.classes" \
        /usr/bin/lanshare --version >/dev/null 2>&1 || echo "lanshare: no class-data archive for the commands" >&2
}

remove_class_data() {
    rm -rf /var/cache/lanshare
}
