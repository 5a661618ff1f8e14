"""GET /api/v1/flyers: the short links with their total scan counts (contract §6)."""

from flask import jsonify

from app.flyers.queries import all_links_with_scans
from app.permissions import can_manage_flyers, permission_required


@permission_required(can_manage_flyers)
def list_flyers():
    # target_url is the target path on our own site as stored, e.g. "/aanbod?wijk=4&lang=nl":
    # it does not change with PUBLIC_BASE_URL, and the printed address is /q/<code> anyway.
    return jsonify(
        {
            "flyers": [
                {
                    "code": link.code,
                    "label": link.label,
                    "target_url": link.target,
                    "wijk": (
                        {"number": link.wijk.number, "name": link.wijk.name} if link.wijk else None
                    ),
                    "lang": link.lang,
                    "scans": scans,
                }
                for link, scans in all_links_with_scans()
            ]
        }
    )
