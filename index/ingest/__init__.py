"""Finding, decoding and parsing the files of a corpus folder into raw articles."""
