# An independent Autodiscover client as a witness (python3-exchangelib's POX discovery):
# inside the lab it walks root https -> autodiscover https -> http redirect -> SRV itself,
# against the lab's DNS server and trusting the lab root, and prints the EWS URL it finds.
# Its quirks differ from Outlook's (DOMAIN-NOTES), so it confirms a clean lab, nothing more.
# It follows a POX redirectAddr itself (discovery again for the new address): the second line it
# prints is the Autodiscover URL it ends at, which verify's outlook-2016 client must report too.
import os
import sys

from exchangelib import Credentials
from exchangelib.autodiscover import clear_cache
from exchangelib.autodiscover.cache import autodiscover_cache
from exchangelib.autodiscover.discovery.pox import PoxAutodiscovery

host, port = os.environ["LAB_DNS"].rsplit(":", 1)
PoxAutodiscovery.DNS_RESOLVER_ATTRS = dict(PoxAutodiscovery.DNS_RESOLVER_ATTRS, nameservers=[host], port=int(port))
clear_cache()
with open(os.environ["LAB_PASSWORD_FILE"]) as f:
    password = f.readline().strip()


class Witness(PoxAutodiscovery):
    # exchangelib maps the response's AuthPackage "Negotiate" to an auth type its own
    # Configuration refuses; the witness needs only the response, not a session.
    def _build_response(self, ad_response):
        return ad_response, ad_response.protocol.ews_url


discovery = Witness(email=os.environ["LAB_EMAIL"], credentials=Credentials(os.environ["LAB_USER"], password))
response, ews_url = discovery.discover()
print(ews_url)
print(autodiscover_cache[discovery._cache_key].service_endpoint)
sys.exit(0)
