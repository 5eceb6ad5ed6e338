# frozen_string_literal: true

# A small finite state machine for tracking parcel deliveries.
#
# States and transitions are declared with a tiny DSL; every transition can
# carry guards and callbacks, and the history of a parcel is kept so that
# the customer can see where their package has been.
class StateMachine
  class InvalidTransition < StandardError; end

  Transition = Struct.new(:event, :from, :to, :guard, keyword_init: true)

  class << self
    def states(*names)
      @states = names
    end

    def initial(name)
      @initial_state = name
    end

    def event(name, from:, to:, guard: nil)
      transitions << Transition.new(event: name, from: Array(from), to: to, guard: guard)
      define_method("#{name}!") { |**payload| fire(name, **payload) }
      define_method("can_#{name}?") { find_transition(name) != nil }
    end

    def transitions
      @transitions ||= []
    end

    def known_states
      @states || []
    end

    def initial_state
      @initial_state || known_states.first
    end
  end

  attr_reader :state, :history

  def initialize
    @state = self.class.initial_state
    @history = [[nil, @state, Time.now]]
    @listeners = Hash.new { |hash, key| hash[key] = [] }
  end

  def on(state_name, &block)
    @listeners[state_name] << block
    self
  end

  def fire(event_name, **payload)
    transition = find_transition(event_name)
    raise InvalidTransition, "cannot #{event_name} while #{state}" unless transition

    previous = @state
    @state = transition.to
    @history << [event_name, @state, Time.now]
    @listeners[@state].each { |listener| listener.call(previous, @state, payload) }
    @state
  end

  private

  def find_transition(event_name)
    self.class.transitions.find do |t|
      t.event == event_name &&
        t.from.include?(@state) &&
        (t.guard.nil? || instance_exec(&t.guard))
    end
  end
end

class Parcel < StateMachine
  states :registered, :in_transit, :out_for_delivery, :delivered, :returned
  initial :registered

  event :ship,      from: :registered,                     to: :in_transit
  event :dispatch,  from: :in_transit,                     to: :out_for_delivery
  event :deliver,   from: :out_for_delivery,               to: :delivered, guard: -> { attempts < 3 }
  event :send_back, from: %i[in_transit out_for_delivery], to: :returned

  attr_accessor :attempts

  def initialize(tracking_code)
    super()
    @tracking_code = tracking_code
    @attempts = 0
  end

  def to_s
    "Parcel #{@tracking_code} (#{state.to_s.tr('_', ' ')}, #{attempts} attempts)"
  end
end

if $PROGRAM_NAME == __FILE__
  parcel = Parcel.new('JP-2024-0042')
  parcel.on(:delivered) { |from, to, info| puts "#{from} → #{to}: signed by #{info[:signed_by]}" }
  parcel.ship!
  parcel.dispatch!
  parcel.attempts += 1
  parcel.deliver!(signed_by: '山田 太郎') if parcel.can_deliver?
  puts parcel
  parcel.history.each { |event, state, at| puts format('%-10s %-18s %s', event || '-', state, at.strftime('%H:%M')) }
end
