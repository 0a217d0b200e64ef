package dev.converge.emulator.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a server certificate must carry as subject alternative names: DNS names and IP addresses. Clients verify
 * the host they connect to against these (Paho enables HTTPS hostname verification), so every {@code HostName},
 * {@code GatewayHostName}, DPS global endpoint and bind address a client may use must be listed.
 *
 * @param dnsNames lower-case DNS names, e.g. {@code localhost}, {@code localhub.azure-devices.net}
 * @param ipAddresses IP addresses in {@link InetAddress#getHostAddress()} form, e.g. {@code 127.0.0.5}
 */
public record ServerNames(Set<String> dnsNames, Set<String> ipAddresses) {

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern DNS =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  public ServerNames {
    dnsNames = Set.copyOf(dnsNames);
    ipAddresses = Set.copyOf(ipAddresses);
    for (String name : dnsNames) {
      if (!DNS.matcher(name).matches()) {
        throw new IllegalArgumentException("not a lower-case DNS name: '" + name + "'");
      }
    }
    for (String address : ipAddresses) {
      if (!address.equals(normalAddress(address))) {
        throw new IllegalArgumentException("not a normalised IP address: '" + address + "'");
      }
    }
  }

  /**
   * Names as a user writes them: IP literals become IP entries, everything else a DNS name (lower-cased). No name is
   * looked up.
   */
  public static ServerNames of(String... names) {
    return of(List.of(names));
  }

  /** As {@link #of(String...)}. */
  public static ServerNames of(Collection<String> names) {
    Set<String> dns = new HashSet<>();
    Set<String> ips = new HashSet<>();
    for (String name : names) {
      Objects.requireNonNull(name, "name");
      if (isIpLiteral(name)) {
        ips.add(normalAddress(name));
      } else {
        dns.add(name.toLowerCase(Locale.ROOT));
      }
    }
    return new ServerNames(dns, ips);
  }

  /** The subject alternative names of {@code certificate}; other SAN types are ignored. */
  static ServerNames from(X509Certificate certificate) throws CertificateParsingException {
    Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
    Set<String> dns = new HashSet<>();
    Set<String> ips = new HashSet<>();
    for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
      int type = (Integer) entry.get(0);
      String value = String.valueOf(entry.get(1));
      if (type == 2) {
        dns.add(value.toLowerCase(Locale.ROOT));
      } else if (type == 7) {
        ips.add(normalAddress(value));
      }
    }
    return new ServerNames(dns, ips);
  }

  /** Whether there are no names at all. */
  public boolean isEmpty() {
    return dnsNames.isEmpty() && ipAddresses.isEmpty();
  }

  /** Whether every name in {@code other} is also here. */
  public boolean covers(ServerNames other) {
    return dnsNames.containsAll(other.dnsNames) && ipAddresses.containsAll(other.ipAddresses);
  }

  /** All names of both. */
  public ServerNames union(ServerNames other) {
    Set<String> dns = new HashSet<>(dnsNames);
    dns.addAll(other.dnsNames);
    Set<String> ips = new HashSet<>(ipAddresses);
    ips.addAll(other.ipAddresses);
    return new ServerNames(dns, ips);
  }

  /** DNS names then addresses, each sorted: a stable order for certificates and logs. */
  List<String> sorted() {
    List<String> all = new ArrayList<>(dnsNames.stream().sorted().toList());
    all.addAll(ipAddresses.stream().sorted().toList());
    return all;
  }

  static boolean isIpLiteral(String name) {
    return IPV4.matcher(name).matches() || name.contains(":");
  }

  private static String normalAddress(String literal) {
    boolean badIpv4 = IPV4.matcher(literal).matches()
        && Arrays.stream(literal.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255);
    if (!isIpLiteral(literal) || badIpv4) {
      // Checked here because InetAddress would resolve a malformed IPv4 literal through DNS.
      throw new IllegalArgumentException("not an IP address: '" + literal + "'");
    }
    try {
      // A literal is parsed, never resolved.
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + literal + "'", e);
    }
  }

  @Override
  public String toString() {
    return sorted().toString();
  }
}
