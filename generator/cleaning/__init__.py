"""The cleaning rules, one small module per concern; ``generator.clean`` lists them in order."""
