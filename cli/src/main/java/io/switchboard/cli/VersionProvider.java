package io.switchboard.cli;

import picocli.CommandLine;

/** The version from the jar's manifest ({@code Implementation-Version}), {@code dev} when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"switchboard " + (version != null ? version : "dev"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
