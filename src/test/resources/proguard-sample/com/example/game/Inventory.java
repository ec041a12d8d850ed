package com.example.game;

import java.util.ArrayList;
import java.util.List;

/** Items the player carries; weighs them through a stream and a lambda. */
class Inventory {
  private final List<Slot> slots = new ArrayList<>();

  void add(String item, int count, int unitWeight) {
    slots.add(new Slot(item, count, unitWeight));
  }

  int totalWeight() {
    return slots.stream()
        .mapToInt(slot -> slot.weight())
        .sum();
  }

  /** An inner (non-static) class: its name is Inventory$Slot. */
  class Slot {
    private final String item;
    private final int count;
    private final int unitWeight;

    Slot(String item, int count, int unitWeight) {
      this.item = item;
      this.count = count;
      this.unitWeight = unitWeight;
    }

    int weight() {
      if (count < 0) {
        throw new IllegalStateException("negative stack of " + item + " in " + slots.size());
      }
      return count * unitWeight;
    }
  }
}
