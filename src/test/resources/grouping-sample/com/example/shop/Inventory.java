package com.example.shop;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** Items in stock. Unknown ids throw with the id in the message; short stock is only logged. */
final class Inventory {
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, Integer> stock = new HashMap<>();
  private final Consumer<String> errorLog;

  private Inventory(Consumer<String> errorLog) {
    this.errorLog = errorLog;
  }

  static Inventory demo(Consumer<String> errorLog) {
    Inventory inventory = new Inventory(errorLog);
    inventory.names.put(1L, "kettle");
    inventory.stock.put(1L, 2);
    return inventory;
  }

  String find(long id) {
    String name = names.get(id);
    if (name == null) {
      throw new NoSuchElementException("Item " + id + " not found");
    }
    return name;
  }

  boolean reserve(long id, int quantity) {
    int have = stock.getOrDefault(id, 0);
    if (have < quantity) {
      errorLog.accept("Not enough stock for item " + id + ": wanted " + quantity + ", have "
          + have);
      return false;
    }
    stock.put(id, have - quantity);
    return true;
  }
}
