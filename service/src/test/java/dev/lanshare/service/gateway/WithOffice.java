package dev.lanshare.service.gateway;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture the gateway's tests over real colleagues share: one {@link Office} per test class (two services on
 * loopback and the gateway over them), started before its first test and closed after its last, in a temporary
 * folder of the class's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithOffice {
    /** The class's temporary folder: the colleagues' homes and shares, and the clients' files. */
    Path tmp;
    Office office;
    /** Ann's read-write share Plans, as the gateway's URL ending with a slash. */
    String plans;

    @BeforeAll
    void startOffice(@TempDir Path dir) throws Exception {
        tmp = dir;
        office = new Office(tmp);
        plans = office.url("Plans");
    }

    @AfterAll
    void closeOffice() throws Exception {
        if (office != null) {
            office.close();
        }
    }
}
