package io.switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(ip, 0);
    }

    @Test
    void blocksMatchTheirAddressesOnly() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(peer("10.200.3.4").getAddress())).isTrue();
        assertThat(ten.contains(peer("11.0.0.1").getAddress())).isFalse();
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("127.0.0.1").contains(peer("127.0.0.1").getAddress())).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains(peer("127.0.0.2").getAddress())).isFalse();
        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertThat(v6.contains(peer("2001:db8:1::5").getAddress())).isTrue();
        assertThat(v6.contains(peer("2001:db9::1").getAddress())).isFalse();
        assertThat(v6.contains(peer("10.0.0.1").getAddress())).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(peer("203.0.113.9").getAddress())).isTrue();
        assertThat(ten.contains(peer("::ffff:10.9.9.9").getAddress())).as("IPv4-mapped").isTrue();
    }

    @Test
    void badBlocksAreQuotedWithExamples() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'")
                .hasMessageContaining("longer than the 32 bits").hasMessageContaining("examples:");
        assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("not a numeric");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix 'x' is not a number");
        assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("bad address block ''");
    }

    @Test
    void denyWinsAndAnEmptyAllowListAdmitsEveryoneElse() {
        AccessPolicy policy = AccessPolicy.parse(List.of(), List.of("127.0.0.2"));
        assertThat(policy.permits(peer("127.0.0.1"))).isTrue();
        assertThat(policy.permits(peer("127.0.0.2"))).isFalse();
        assertThat(policy.refusal(peer("127.0.0.2"))).contains("denied block 127.0.0.2/32");

        AccessPolicy only = AccessPolicy.parse(List.of("127.0.0.0/8", "::1"), List.of("127.0.0.9"));
        assertThat(only.permits(peer("127.3.3.3"))).isTrue();
        assertThat(only.permits(peer("::1"))).isTrue();
        assertThat(only.permits(peer("127.0.0.9"))).isFalse();
        assertThat(only.permits(peer("192.0.2.1"))).isFalse();
        assertThat(only.refusal(peer("192.0.2.1"))).contains("no allowed block");
        assertThat(only.permits(UnixDomainSocketAddress.of("/tmp/x"))).isTrue();
    }
}
