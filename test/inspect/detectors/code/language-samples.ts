/** Short, ordinary programs in each language the source-code signal names, and prose that must not be called code. */
export const CODE_SAMPLES: Record<string, string> = {
  python: `import os
from typing import Optional

class InvoiceJob:
    def __init__(self, client, dry_run: bool = False):
        self.client = client
        self.dry_run = dry_run

    def run(self, month: str) -> Optional[int]:
        if not month:
            raise ValueError("month is required")
        elif self.dry_run:
            return None
        for customer in self.client.customers():
            self.client.invoice(customer, month)
        return len(self.client.customers())
`,
  javascript: `const express = require('express');
const app = express();

function formatPrice(cents) {
  if (typeof cents !== 'number') return undefined;
  return (cents / 100).toFixed(2);
}

app.get('/price/:id', async (req, res) => {
  const item = await db.find(req.params.id);
  if (item === null) return res.status(404).end();
  res.json({ price: formatPrice(item.cents) });
});

module.exports = app;
`,
  typescript: `import type { Request } from './types.js';

export interface RetryOptions {
  readonly attempts: number;
  delayMs?: number;
}

export async function withRetry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      return await task();
    } catch (error: unknown) {
      lastError = error;
    }
  }
  throw lastError as Error;
}
`,
  java: `package com.acme.billing;

import java.util.List;
import java.util.ArrayList;

public class InvoiceService {
    private final List<String> customers = new ArrayList<>();

    @Override
    public String toString() {
        return "InvoiceService";
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Running invoices");
    }
}
`,
  go: `package main

import (
	"fmt"
	"os"
)

func main() {
	data, err := os.ReadFile("config.json")
	if err != nil {
		fmt.Println("cannot read config:", err)
		os.Exit(1)
	}
	defer fmt.Println("done")
	fmt.Println(len(data))
}
`,
  rust: `use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Cache {
    entries: HashMap<String, String>,
}

impl Cache {
    pub fn new() -> Self {
        Cache { entries: HashMap::new() }
    }

    pub fn get(&mut self, key: &str) -> Option<&String> {
        let mut hits = 0;
        hits += 1;
        println!("hits {}", hits);
        self.entries.get(key)
    }
}
`,
  c: `#include <stdio.h>
#include <stdlib.h>

typedef struct node {
    int value;
    struct node *next;
} node_t;

int main(int argc, char **argv) {
    node_t *head = malloc(sizeof(node_t));
    if (head == NULL) {
        return 1;
    }
    head->value = 42;
    printf("%d\\n", head->value);
    free(head);
    return 0;
}
`,
  cpp: `#include <iostream>
#include <vector>

namespace acme {
template <typename T>
class Stack {
 public:
  void push(const T& value) { items_.push_back(value); }
  bool empty() const { return items_.empty(); }
 private:
  std::vector<T> items_;
};
}

int main() {
  acme::Stack<int> stack;
  stack.push(1);
  std::cout << stack.empty() << std::endl;
  return 0;
}
`,
  csharp: `using System;
using System.Threading.Tasks;

namespace Acme.Billing
{
    public class Invoice
    {
        public string Customer { get; set; }
        public decimal Amount { get; private set; }

        public async Task<bool> SendAsync()
        {
            Console.WriteLine($"Sending {Customer}");
            await Task.Delay(10);
            return true;
        }
    }
}
`,
  ruby: `require 'json'

class Invoice
  attr_accessor :customer, :amount

  def initialize(customer, amount)
    @customer = customer
    @amount = amount
  end

  def overdue?
    amount > 0 && customer.nil?
  end
end

invoices.each do |invoice|
  puts invoice.to_json unless invoice.overdue?
end
`,
  php: `<?php
namespace App\\Http;

class InvoiceController
{
    public function show($id)
    {
        $invoice = Invoice::find($id);
        if (!isset($invoice)) {
            echo "not found";
            return null;
        }
        foreach ($invoice->lines as $line) {
            echo $line->amount;
        }
        return $this->render($invoice);
    }
}
`,
  shell: `#!/bin/bash
set -euo pipefail

export APP_ENV=production
if [ -z "\${DEPLOY_TARGET:-}" ]; then
  echo "DEPLOY_TARGET is not set"
  exit 1
fi

for host in $(cat hosts.txt); do
  ssh "$host" 'sudo systemctl restart app' || echo "failed on $host"
done
`,
  sql: `CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

SELECT c.name, SUM(i.amount_cents) AS total
FROM invoices i
JOIN customers c ON c.id = i.customer_id
WHERE i.created_at > '2024-01-01'
GROUP BY c.name
ORDER BY total DESC;
`,
};

export const PROSE_SAMPLES: string[] = [
  `I am working on the billing service and I need help understanding why the monthly invoice job sometimes runs twice.
The job is scheduled by a cron expression in the deployment manifest and it reads the list of customers from the database.
Yesterday two customers complained that they received the same invoice twice, a few minutes apart. What could cause this?`,
  `Thanks for the quick reply! I tried your suggestion (restarting the worker) but the problem is still there.
Could it be related to the new load balancer? We switched last week; before that, everything was fine.
Let me know if you need the logs; I can send them tomorrow morning.`,
  `The function returns a promise, so you need to await it before reading the result. If you forget, you will get a
pending promise instead of the value. In TypeScript the compiler can warn you about floating promises when the
appropriate lint rule is enabled; it is worth turning on for any project that uses async code heavily.`,
  `Meeting notes, 12 March: we agreed to move the release to Thursday. Anna will update the changelog; Ben owns the
migration plan. Open questions: do we need a feature flag for the new checkout flow? Who signs off on the security
review? Next meeting: Monday at 10:00.`,
  `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software.`,
  `Summarise the following article in three bullet points: The city council approved the new cycling lanes on Tuesday,
after a long debate about parking. Shops on the main street worried about deliveries; the council promised loading
zones at both ends. Work starts in May and should finish before the summer holidays.`,
  `# Project Overview

This repository contains the web frontend. To get started, install the dependencies, then run the development
server and open the browser at the address it prints. Pull requests are welcome: please describe the change, add
tests where possible, and keep commits small.`,
];
