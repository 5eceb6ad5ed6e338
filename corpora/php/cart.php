<?php

declare(strict_types=1);

namespace Shop;

use InvalidArgumentException;

/**
 * A shopping cart that applies tiered discounts and VAT per country.
 */
final class Cart
{
    private const VAT_RATES = [
        'DE' => 0.19,
        'FR' => 0.20,
        'NL' => 0.21,
        'LU' => 0.17,
    ];

    private const DISCOUNT_TIERS = [
        10000 => 0.10,
        5000  => 0.05,
        2500  => 0.02,
    ];

    /** @var array<string, array{name: string, price: int, qty: int}> */
    private array $lines = [];

    public function __construct(
        private string $country = 'DE',
        private string $currency = 'EUR',
    ) {
        if (!isset(self::VAT_RATES[$country])) {
            throw new InvalidArgumentException("Unsupported country code: {$country}");
        }
    }

    public function add(string $sku, string $name, int $priceCents, int $qty = 1): self
    {
        if ($qty < 1) {
            throw new InvalidArgumentException('Quantity must be at least one.');
        }
        if (isset($this->lines[$sku])) {
            $this->lines[$sku]['qty'] += $qty;
        } else {
            $this->lines[$sku] = ['name' => $name, 'price' => $priceCents, 'qty' => $qty];
        }
        return $this;
    }

    public function remove(string $sku): void
    {
        unset($this->lines[$sku]);
    }

    public function subtotal(): int
    {
        $sum = 0;
        foreach ($this->lines as $line) {
            $sum += $line['price'] * $line['qty'];
        }
        return $sum;
    }

    public function discount(): int
    {
        $subtotal = $this->subtotal();
        foreach (self::DISCOUNT_TIERS as $threshold => $rate) {
            if ($subtotal >= $threshold) {
                return (int) round($subtotal * $rate);
            }
        }
        return 0;
    }

    public function total(): int
    {
        $net = $this->subtotal() - $this->discount();
        return (int) round($net * (1 + self::VAT_RATES[$this->country]));
    }

    public function summary(): array
    {
        return [
            'country'  => $this->country,
            'currency' => $this->currency,
            'items'    => count($this->lines),
            'subtotal' => $this->subtotal(),
            'discount' => $this->discount(),
            'total'    => $this->total(),
        ];
    }

    public function receipt(): string
    {
        $rows = array_map(
            fn (array $line): string => sprintf('%-24s %3d x %8.2f', $line['name'], $line['qty'], $line['price'] / 100),
            array_values($this->lines),
        );
        $rows[] = str_repeat('-', 42);
        $rows[] = sprintf('%-30s %11.2f %s', 'Total (incl. VAT)', $this->total() / 100, $this->currency);
        return implode(PHP_EOL, $rows) . PHP_EOL . 'Vielen Dank für Ihren Einkauf! Bis bald.' . PHP_EOL;
    }
}

$cart = (new Cart('DE'))
    ->add('BK-101', 'Kochbuch „Grüne Küche“', 2499)
    ->add('MG-007', 'Kaffeebecher', 899, 3)
    ->add('TS-042', 'T-Shirt (M)', 1999);

echo $cart->receipt();
print_r($cart->summary());
