#include "init_mail_flags.hpp"

namespace adplan::cli {

void add_init_mail_flags(CLI::App& cmd, DeploymentDraft& d, InitMailFlags& f) {
  cmd.add_option("--doors", f.doors,
                 "mail doors that carry the certificate: any of smtp,submission,imap,pop (default none); "
                 "hosts: the external host");
  cmd.add_option("--mx", d.mx,
                 "MX host of every domain, the smtp door (repeatable, preference order; default the external host)");
  cmd.add_option("--mta-sts", d.mta_sts, "MTA-STS policy mode of every domain: testing or enforce (default none)")
      ->check(CLI::IsMember({"testing", "enforce"}));
  cmd.add_option("--load-balancer", d.load_balancers,
                 "IP[,MODE] a load balancer in front of the servers for the external host (repeatable, one per "
                 "address); MODE passthrough (default), bridging or offloading");
  cmd.add_option("--extended-protection", d.extended_protection,
                 "on|off: Exchange's Extended Protection (default: on for 2019 CU14+ and SE, off before)")
      ->check(CLI::IsMember({"on", "off"}));
  f.dane = cmd.add_option("--dane", f.dane_words,
                          "DANE for the MX hosts: TLSA usage selector matching, comma-separated (default "
                          "3 1 1; 3 1 1,2 1 1 adds the issuing CA's key); needs the smtp door")
               ->expected(0, 12);
  cmd.add_option("--dane-rollover", d.dane_rollover,
                 "how renewals keep the TLSA records valid: reuse-key (default) or next-key")
      ->check(CLI::IsMember({"reuse-key", "next-key"}));
}

void apply_init_mail_flags(const InitMailFlags& f, DeploymentDraft& d) {
  if (f.doors) d.doors = split_list(*f.doors, ',');
  if (f.dane && f.dane->count() > 0) d.dane = join_words(f.dane_words);
}

}  // namespace adplan::cli
