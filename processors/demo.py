"""What `make run` shows: a sample event published, and what came of it."""

import json
import logging
import sys

from processors.contract.events import CertifiedCopyUploaded, DocumentRef
from processors.contract.registry import codec_from_settings
from processors.logs import configure_logging
from processors.messaging.producer import publish
from processors.messaging.reader import read_topic

logger = logging.getLogger(__name__)


def main() -> int:
    configure_logging()
    event = CertifiedCopyUploaded(
        certified_copy_id="demo-copy-1",
        document=DocumentRef(uri="file:///demo/copy.pdf", sha256="0" * 64),
    )
    delivery = publish(event)
    logger.info(
        "published %s to %s[%d]@%d",
        type(event).__name__,
        delivery.topic,
        delivery.partition,
        delivery.offset,
    )
    for message in read_topic(delivery.topic, codec_from_settings(), max_messages=1000):
        if message.event is not None and message.event.event_id == event.event_id:
            print(json.dumps(message.as_json(), ensure_ascii=False, indent=2))
            return 0
    logger.error("the published event was not read back from %s", delivery.topic)
    return 1


if __name__ == "__main__":
    sys.exit(main())
