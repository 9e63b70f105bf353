import DestinationKit

/// The stream schemas of `airbyte/source-faker`, as it discovers them.
enum FakerSchemas {
    static let timestamp: JSONValue = ["type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"]
    static let nullableTimestamp: JSONValue = [
        "type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_with_timezone",
    ]

    static let users: JSONValue = [
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": [
            "id": ["type": "integer"],
            "created_at": timestamp,
            "updated_at": timestamp,
            "name": ["type": "string"],
            "title": ["type": "string"],
            "age": ["type": "integer"],
            "email": ["type": "string"],
            "telephone": ["type": "string"],
            "gender": ["type": "string"],
            "language": ["type": "string"],
            "academic_degree": ["type": "string"],
            "nationality": ["type": "string"],
            "occupation": ["type": "string"],
            "height": ["type": "string"],
            "blood_type": ["type": "string"],
            "weight": ["type": "integer"],
            "address": [
                "type": "object",
                "properties": [
                    "street_number": ["type": "string"],
                    "street_name": ["type": "string"],
                    "city": ["type": "string"],
                    "state": ["type": "string"],
                    "province": ["type": "string"],
                    "postal_code": ["type": "string"],
                    "country_code": ["type": "string"],
                ],
            ],
        ],
    ]

    static let products: JSONValue = [
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": [
            "id": ["type": "integer"],
            "make": ["type": "string"],
            "model": ["type": "string"],
            "year": ["type": "integer"],
            "price": ["type": "number"],
            "description": ["type": "string"],
            "created_at": timestamp,
            "updated_at": timestamp,
        ],
    ]

    static let purchases: JSONValue = [
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": [
            "id": ["type": "integer"],
            "user_id": ["type": "integer"],
            "product_id": ["type": "integer"],
            "created_at": timestamp,
            "updated_at": timestamp,
            "added_to_cart_at": nullableTimestamp,
            "purchased_at": nullableTimestamp,
            "returned_at": nullableTimestamp,
        ],
    ]
}
