package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.services.ServiceOptions;
import io.switchboard.services.chat.ChatOptions;
import io.switchboard.services.files.FilesOptions;
import io.switchboard.services.http.HttpOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The services' limit flags of {@code serve}: good values reach the options the services are
 * given, bad ones are usage errors (exit status 2) whose message names the flag. Nothing is
 * started: good values are only parsed, and bad ones stop {@code serve} before it binds.
 */
@Timeout(30)
class ServeFlagsTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The options {@code serve ARGS} would give the services. */
    private static ServiceOptions options(String... args) {
        CommandLine commandLine = Main.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        commandLine.parseArgs(all);
        ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
        return serve.serviceOptions();
    }

    @Test
    void withoutFlagsEveryServiceGetsItsDefaults() {
        assertThat(options()).isEqualTo(ServiceOptions.DEFAULTS);
    }

    @Test
    void chatFlagsReachTheChatOptions() {
        ChatOptions chat = options("--chat-rate", "0.5", "--chat-burst", "3").chat();
        assertThat(chat.linesPerSecond()).isEqualTo(0.5);
        assertThat(chat.burstLines()).isEqualTo(3);
        assertThat(options("--chat-rate", "0").chat().floodControl()).isFalse();
    }

    @Test
    void filesFlagsReachTheFilesOptions() {
        FilesOptions files = options("--files-max-size", "2GiB", "--files-reserve", "1gib",
                "--files-max-request", "1KiB").files();
        assertThat(files.maxFileBytes()).isEqualTo(2L << 30);
        assertThat(files.reserveBytes()).isEqualTo(1L << 30);
        assertThat(files.maxRequestBytes()).isEqualTo(1024);
        assertThat(options("--files-max-size", "1000").files().maxFileBytes()).isEqualTo(1000);
        assertThat(options("--files-reserve", "0").files().reserveBytes()).isZero();
    }

    @Test
    void httpFlagsReachTheHttpOptions() {
        HttpOptions http = options("--http-max-header", "32KiB", "--http-max-target", "2048", "--http-max-body", "8MiB",
                "--http-idle-timeout", "5s", "--ws-max-message", "1MiB", "--ws-ping-interval", "2m").http();
        assertThat(http.limits().maxHeaderBytes()).isEqualTo(32 * 1024);
        assertThat(http.limits().maxTargetBytes()).isEqualTo(2048);
        assertThat(http.limits().maxBodyBytes()).isEqualTo(8 << 20);
        assertThat(http.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.webSocket().maxMessageBytes()).isEqualTo(1 << 20);
        assertThat(http.webSocket().pingInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options("--http-max-body", "0").http().limits().maxBodyBytes()).isZero();
    }

    @Test
    void sizesAreReadInBytesOrBinaryUnits() {
        SizeConverter sizes = new SizeConverter();
        assertThat(sizes.convert("4096")).isEqualTo(4096);
        assertThat(sizes.convert("0")).isZero();
        assertThat(sizes.convert("12B")).isEqualTo(12);
        assertThat(sizes.convert("8KiB")).isEqualTo(8192);
        assertThat(sizes.convert("64MiB")).isEqualTo(64L << 20);
        assertThat(sizes.convert("16GiB")).isEqualTo(16L << 30);
        assertThat(sizes.convert("2TiB")).isEqualTo(2L << 40);
        assertThat(sizes.convert(" 16 gib ")).isEqualTo(16L << 30);
        assertThatThrownBy(() -> sizes.convert("64MB")).hasMessageContaining("'64MB' is ambiguous")
                .hasMessageContaining("write 64MiB");
        assertThatThrownBy(() -> sizes.convert("1k")).hasMessageContaining("write 1KiB");
        assertThatThrownBy(() -> sizes.convert("64 furlongs")).hasMessageContaining("has no unit I know");
        assertThatThrownBy(() -> sizes.convert("MiB")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> sizes.convert("-1")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> sizes.convert("1.5GiB")).hasMessageContaining("has no unit I know");
        assertThatThrownBy(() -> sizes.convert("9000000TiB")).hasMessageContaining("is too large");
        assertThatThrownBy(() -> sizes.convert("99999999999999999999")).hasMessageContaining("is too large");
    }

    @Test
    void badSizesAreUsageErrorsNamingTheFlag() {
        for (String flag : new String[] {"--files-max-size", "--files-reserve", "--files-max-request",
            "--http-max-header", "--http-max-target", "--http-max-body", "--ws-max-message"}) {
            CliRun result = run("serve", flag, "64MB");
            assertThat(result.status()).as(flag).isEqualTo(2);
            assertThat(result.err()).as(flag).contains(flag).contains("'64MB' is ambiguous");
            CliRun unit = run("serve", flag, "3 bushels");
            assertThat(unit.status()).as(flag).isEqualTo(2);
            assertThat(unit.err()).as(flag).contains(flag).contains("no unit I know");
        }
    }

    @Test
    void sizesTheServicesCannotTakeAreUsageErrorsNamingTheFlag() {
        expectUsage(new String[] {"serve", "--files-max-request", "10"}, "--files-max-request: 10 (expected: >= 64)");
        expectUsage(new String[] {"serve", "--http-max-header", "0"}, "--http-max-header: 0 (expected: > 0)");
        expectUsage(new String[] {"serve", "--http-max-target", "0"}, "--http-max-target: 0 (expected: > 0)");
        expectUsage(new String[] {"serve", "--http-max-body", "4GiB"}, "--http-max-body: 4294967296 bytes is too large");
        expectUsage(new String[] {"serve", "--ws-max-message", "0"}, "--ws-max-message: 0 (expected: > 0)");
        expectUsage(new String[] {"serve", "--files-max-request", "3GiB"}, "--files-max-request: 3221225472 bytes");
    }

    @Test
    void badDurationsAndRatesAreUsageErrorsNamingTheFlag() {
        expectUsage(new String[] {"serve", "--http-idle-timeout", "0"}, "--http-idle-timeout: PT0S (expected: > 0)");
        expectUsage(new String[] {"serve", "--ws-ping-interval", "0"}, "--ws-ping-interval: PT0S (expected: > 0)");
        CliRun ping = run("serve", "--ws-ping-interval", "soon");
        assertThat(ping.status()).isEqualTo(2);
        assertThat(ping.err()).contains("--ws-ping-interval").contains("'soon'");
        CliRun idle = run("serve", "--http-idle-timeout", "10y");
        assertThat(idle.status()).isEqualTo(2);
        assertThat(idle.err()).contains("--http-idle-timeout").contains("expected ms, s, m or h");
        expectUsage(new String[] {"serve", "--chat-rate", "-1"}, "--chat-rate: -1.0 (expected: >= 0, 0 for off)");
        expectUsage(new String[] {"serve", "--chat-rate", "NaN"}, "--chat-rate: NaN");
        expectUsage(new String[] {"serve", "--chat-burst", "0"}, "--chat-burst: 0 (expected: > 0)");
        CliRun words = run("serve", "--chat-rate", "lots");
        assertThat(words.status()).isEqualTo(2);
        assertThat(words.err()).contains("--chat-rate").contains("'lots'");
        CliRun burst = run("serve", "--chat-burst", "2.5");
        assertThat(burst.status()).isEqualTo(2);
        assertThat(burst.err()).contains("--chat-burst").contains("'2.5'");
    }

    @Test
    void helpListsEveryLimitFlagWithItsDefault() {
        String help = run("serve", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("--chat-rate=LINES").contains("(default: 20)")
                .contains("--chat-burst=LINES").contains("(default: 40)")
                .contains("--files-max-size=SIZE").contains("(default: 16GiB)")
                .contains("--files-reserve=SIZE").contains("(default: 64MiB)")
                .contains("--files-max-request=SIZE").contains("(default: 4096)")
                .contains("--http-max-header=SIZE").contains("(default: 16KiB)")
                .contains("--http-max-target=SIZE").contains("(default: 8KiB)")
                .contains("--http-max-body=SIZE").contains("(default: 1MiB)")
                .contains("--http-idle-timeout=DURATION").contains("--ws-ping-interval=DURATION")
                .contains("--ws-max-message=SIZE").contains("(default: 64KiB)");
    }

    private static void expectUsage(String[] args, String message) {
        CliRun result = run(args);
        assertThat(result.status()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(result.err()).as(String.join(" ", args)).contains(message);
    }
}
